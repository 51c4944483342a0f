#include "broker/store/postgres_grants.h"

namespace renkei {

void grantServingRole(PgConnection& owner, const std::string& role) {
  // GRANT takes no bound parameters, so the role travels through a session setting and
  // format('%I') quotes it on the server: no identifier is ever pasted into SQL here.
  owner.query("SELECT set_config('renkei.serving_role', $1, false)", {role},
              "granting the serving role");
  owner.exec(
      "DO $$ BEGIN EXECUTE format("
      "'GRANT SELECT, INSERT, UPDATE ON units, services, links, registry_version TO %1$I; "
      "GRANT SELECT, INSERT ON link_history, audit, audit_checkpoint TO %1$I; "
      "GRANT SELECT ON schema_version TO %1$I; "
      // Replay claims are not evidence: expired ones are taken over and swept.
      "GRANT SELECT, INSERT, UPDATE, DELETE ON message_claims TO %1$I; "
      // The outbox is working state, not evidence: its rows change state, never disappear.
      "GRANT SELECT, INSERT, UPDATE ON notifications, deliveries TO %1$I; "
      // Purpose rules: each load adds a version; none is ever changed.
      "GRANT SELECT, INSERT ON purpose_rule_versions, purpose_rules TO %1$I; "
      // Admin users: added, their token rotated, disabled; never deleted.
      "GRANT SELECT, INSERT, UPDATE ON admin_users TO %1$I; "
      // Web sessions: working state, deleted on logout and once idle.
      "GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO %1$I; "
      "GRANT USAGE ON SEQUENCE links_id_seq, link_history_seq_seq, audit_checkpoint_id_seq, "
      "notifications_id_seq, deliveries_id_seq "
      "TO %1$I', current_setting('renkei.serving_role')); END $$",
      "granting the serving role");
}

}  // namespace renkei

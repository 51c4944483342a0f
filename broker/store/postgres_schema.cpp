#include "broker/store/postgres_schema.h"

#include <iterator>
#include <string>

namespace renkei {

namespace {

// Append new migrations at the end; never edit one that has shipped. Version 1 is the whole of
// what SQLite reached in its migrations 1 and 2 (the PostgreSQL store started there).
constexpr const char* kMigrations[] = {
    // 1: registry, link history, registry version, audit trail.
    R"sql(
CREATE TABLE units (
  id       TEXT PRIMARY KEY,
  tenant   TEXT NOT NULL,
  name     TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  owner    TEXT NOT NULL
);
CREATE TABLE services (
  name             TEXT NOT NULL,
  version          TEXT NOT NULL,
  request_ns       TEXT NOT NULL,
  request_element  TEXT NOT NULL,
  response_ns      TEXT NOT NULL,
  response_element TEXT NOT NULL,
  wsdl_file        TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
-- service_name is not a foreign key: a link may name a notification topic rather than a
-- request/response service. Dates stay ISO text, as in SQLite, so '' can mean "unbounded".
CREATE TABLE links (
  id              BIGSERIAL PRIMARY KEY,
  sender          TEXT NOT NULL REFERENCES units (id),
  receiver        TEXT NOT NULL REFERENCES units (id),
  service_name    TEXT NOT NULL,
  service_version TEXT NOT NULL,
  purpose_code    TEXT NOT NULL,
  purpose_name    TEXT NOT NULL,
  legal_basis     TEXT NOT NULL,
  status          TEXT NOT NULL,
  valid_from      TEXT NOT NULL,
  valid_to        TEXT NOT NULL,
  cross_tenant    BOOLEAN NOT NULL,
  data_items      TEXT NOT NULL DEFAULT '',
  department      TEXT NOT NULL DEFAULT '',
  vendor          TEXT NOT NULL DEFAULT '',
  approver        TEXT NOT NULL DEFAULT '',
  review_date     TEXT NOT NULL DEFAULT '',
  note            TEXT NOT NULL DEFAULT '',
  UNIQUE (sender, receiver, service_name, service_version, purpose_code)
);
CREATE TABLE link_history (
  seq         BIGSERIAL PRIMARY KEY,
  link_id     BIGINT NOT NULL REFERENCES links (id),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX link_history_link ON link_history (link_id, seq);
-- History is evidence for IT governance: the database itself refuses to rewrite it, so a bug
-- (or a careless UPDATE) cannot quietly change who approved what.
CREATE FUNCTION renkei_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER link_history_append_only BEFORE UPDATE OR DELETE ON link_history
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER link_history_no_truncate BEFORE TRUNCATE ON link_history
  FOR EACH STATEMENT EXECUTE FUNCTION renkei_append_only();
-- One row; brokers poll it to notice changes made by the CLI or by other broker instances.
-- Raised inside each change's transaction, so a poller never sees a version before its data.
CREATE TABLE registry_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 1);
-- seq is assigned by appendAudit under the chain lock, not by a sequence: a sequence would
-- hand out numbers outside the transaction and leave gaps on rollback.
-- link_id has no foreign key on purpose: the trail must outlive any registry change.
CREATE TABLE audit (
  seq             BIGINT PRIMARY KEY,
  time            TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  sender          TEXT NOT NULL,
  receiver        TEXT NOT NULL,
  service         TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  link_id         BIGINT,
  outcome         TEXT NOT NULL,
  fault_code      TEXT NOT NULL,
  latency_us      BIGINT NOT NULL,
  request_sha256  TEXT NOT NULL,
  response_sha256 TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);
CREATE INDEX audit_message_id ON audit (message_id);
CREATE INDEX audit_link_time ON audit (link_id, time);
)sql",
    // 2: the audit commit deadline. appendAudit sets renkei.commit_by for its transaction; a
    // COMMIT executed after it (a server stopped with the COMMIT unread, resumed later) fails
    // instead of landing after the broker told the caller Server.AuditUnavailable.
    R"sql(
CREATE FUNCTION renkei_audit_commit_by() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF coalesce(current_setting('renkei.commit_by', true), '') <> ''
     AND clock_timestamp() > current_setting('renkei.commit_by')::timestamptz THEN
    RAISE EXCEPTION 'audit batch committed after its deadline' USING ERRCODE = '57014';
  END IF;
  RETURN NULL;
END
$fn$;
CREATE CONSTRAINT TRIGGER audit_commit_by AFTER INSERT ON audit
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION renkei_audit_commit_by();
)sql",
    // 3: who acted (chain format 2), signed checkpoints of the chain head, and append-only
    // guards. Rows written before keep format 1 and verify with the old serialization. The
    // guards hold against the serving role, which does not own the tables and so cannot drop
    // them (renkei store migrate runs as the owner; see store_grants.cpp).
    R"sql(
ALTER TABLE audit ADD COLUMN format             INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN operator_id        TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN case_reference     TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN peer_address       TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN instance_id        TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN authenticated_unit TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_checkpoint (
  id          BIGSERIAL PRIMARY KEY,
  seq         BIGINT NOT NULL,
  head_hash   TEXT NOT NULL,
  time        TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  signature   TEXT NOT NULL,
  tsa_token   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION renkei_append_only();
)sql",
    // 4: replay claims shared by every broker instance (broker/replay). Not evidence: expired
    // claims are deleted, the audit trail keeps the exchanges themselves.
    R"sql(
CREATE TABLE message_claims (
  sender      TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  claimed_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (sender, message_id)
);
CREATE INDEX message_claims_claimed_at ON message_claims (claimed_at);
)sql",
    // 5: the 通知 outbox (broker/notify), as SQLite's migration 4. Times are Unix epoch ms, as
    // the dispatcher computes them; several broker instances share it through row leases.
    R"sql(
CREATE TABLE notifications (
  id            BIGSERIAL PRIMARY KEY,
  message_id    TEXT NOT NULL,
  sender        TEXT NOT NULL,
  topic         TEXT NOT NULL,
  topic_version TEXT NOT NULL,
  purpose       TEXT NOT NULL,
  subject       TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  soap_action   TEXT NOT NULL,
  body          TEXT NOT NULL,
  posted_at     TEXT NOT NULL,
  UNIQUE (sender, message_id)
);
CREATE TABLE deliveries (
  id              BIGSERIAL PRIMARY KEY,
  notification_id BIGINT NOT NULL REFERENCES notifications (id),
  receiver        TEXT NOT NULL,
  link_id         BIGINT NOT NULL,
  purpose         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT NOT NULL,
  lease_owner     TEXT,
  lease_until_ms  BIGINT,
  created_ms      BIGINT NOT NULL,
  finished_ms     BIGINT NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_ms);
CREATE INDEX deliveries_order ON deliveries (receiver, subject, id) WHERE state = 'pending';
CREATE INDEX deliveries_notification ON deliveries (notification_id);
)sql",  // 6: My Number purpose rules, as SQLite's migration 5. Evidence of what was in force when:
    // the database refuses to change or delete a version once loaded.
    R"sql(
CREATE TABLE purpose_rule_versions (
  version     BIGINT PRIMARY KEY,
  actor       TEXT NOT NULL,
  loaded_at   TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  source_file TEXT NOT NULL,
  row_count   BIGINT NOT NULL
);
CREATE TABLE purpose_rules (
  version     BIGINT NOT NULL REFERENCES purpose_rule_versions (version),
  ordinal     BIGINT NOT NULL,
  jimu_code   TEXT NOT NULL,
  jimu_name   TEXT NOT NULL,
  requester   TEXT NOT NULL,
  provider    TEXT NOT NULL,
  item_code   TEXT NOT NULL,
  item_name   TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL,
  PRIMARY KEY (version, ordinal)
);
CREATE TRIGGER purpose_rule_versions_append_only BEFORE UPDATE OR DELETE ON purpose_rule_versions
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER purpose_rule_versions_no_truncate BEFORE TRUNCATE ON purpose_rule_versions
  FOR EACH STATEMENT EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER purpose_rules_append_only BEFORE UPDATE OR DELETE ON purpose_rules
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
CREATE TRIGGER purpose_rules_no_truncate BEFORE TRUNCATE ON purpose_rules
  FOR EACH STATEMENT EXECUTE FUNCTION renkei_append_only();
)sql",
    // 7: edits and reviews name the field they changed and its value before and after, one
    // history row per field, as SQLite's migration 6. Earlier rows keep '' there.
    R"sql(
ALTER TABLE link_history ADD COLUMN field     TEXT NOT NULL DEFAULT '';
ALTER TABLE link_history ADD COLUMN old_value TEXT NOT NULL DEFAULT '';
ALTER TABLE link_history ADD COLUMN new_value TEXT NOT NULL DEFAULT '';
)sql",
    // 8: admin users, as SQLite's migration 7. Disabled, never deleted (the trail names them).
    R"sql(
CREATE TABLE admin_users (
  name          TEXT PRIMARY KEY,
  display_name  TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'proposer', 'approver', 'administrator')),
  token_sha256  TEXT NOT NULL,
  cert_subject  TEXT UNIQUE,
  created_at    TEXT NOT NULL,
  disabled_at   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER admin_users_no_delete BEFORE DELETE ON admin_users
  FOR EACH ROW EXECUTE FUNCTION renkei_append_only();
)sql",
    // 9: web view sessions, as SQLite's migration 8: only the token's SHA-256, deleted on logout
    // and once idle, shared by every instance behind the load balancer.
    R"sql(
CREATE TABLE web_sessions (
  token_sha256  TEXT PRIMARY KEY,
  user_name     TEXT NOT NULL REFERENCES admin_users (name),
  created_ms    BIGINT NOT NULL,
  last_used_ms  BIGINT NOT NULL
);
CREATE INDEX web_sessions_last_used ON web_sessions (last_used_ms);
)sql",
    // 10: the audit trail loses its MessageId index, as SQLite's migration 9: read by no query,
    // and random UUID keys cost every record's insert a random index page.
    R"sql(
DROP INDEX IF EXISTS audit_message_id;
)sql",
};

constexpr int kVersion = static_cast<int>(std::size(kMigrations));

}  // namespace

int postgresSchemaVersion() { return kVersion; }

void migratePostgresSchema(PgConnection& connection) {
  PgTransaction transaction(connection, "migrating schema");
  // Taken before even looking at schema_version: two brokers running CREATE TABLE IF NOT EXISTS
  // concurrently can still collide in the catalog, and the lock is released by COMMIT/ROLLBACK.
  connection.query("SELECT pg_advisory_xact_lock($1, $2)",
                   {std::to_string(kPgLockClass), std::to_string(kPgMigrationLock)},
                   "waiting for the schema migration lock");
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      "  version    INTEGER PRIMARY KEY,"
      "  applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
      "creating schema_version");
  const PgResult current_row = connection.exec(
      "SELECT COALESCE(MAX(version), 0) FROM schema_version", "reading schema version");
  const int64_t current = current_row.integer(0, 0);
  if (current > kVersion) {
    throw StoreError("database schema version " + std::to_string(current) +
                     " is newer than this broker supports (" + std::to_string(kVersion) + ")");
  }
  for (int version = static_cast<int>(current) + 1; version <= kVersion; ++version) {
    const std::string doing = "migrating schema to version " + std::to_string(version);
    connection.exec(kMigrations[version - 1], doing);
    connection.query("INSERT INTO schema_version (version) VALUES ($1)", {std::to_string(version)},
                     doing);
  }
  transaction.commit();
}

}  // namespace renkei

#pragma once
// The admin operations of wsdl/registry.wsdl over the Store and the broker's LinkRegistry, free
// of gSOAP types so the CLI, the SOAP endpoint and the web view share one implementation.
//
// The store is the truth: reads go to it, so an officer sees changes made through any broker
// instance. After a successful change the registry is reloaded synchronously, so the next message
// on this broker is already governed by it (other instances pick it up by polling the registry
// version). Every refusal is an AdminError with a stable code.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/audit/admin_audit.h"
#include "broker/core/registry_types.h"
#include "broker/registry/allowed_services.h"
#include "broker/registry/link_edit.h"
#include "broker/registry/link_filter.h"
#include "broker/registry/link_registry.h"
#include "broker/reports/traffic_cache.h"
#include "broker/reports/traffic_summary.h"
#include "broker/store/store.h"

namespace renkei::admin {

struct LinkRecord {
  Link link;
  std::vector<LinkChange> history;  // oldest first
};

class RegistryAdminService {
 public:
  // `today` returns the UTC date "YYYY-MM-DD" validity is judged on (injectable for tests).
  RegistryAdminService(Store& store, LinkRegistry& registry,
                       std::function<std::string()> today = {});

  std::vector<Link> listLinks(const LinkFilter& filter);
  LinkRecord getLink(int64_t link_id);
  RegistrySnapshot registry();  // the store's current registry, for the web view
  // How the link was used, from the audit trail (the same numbers as `renkei report`). Zero
  // counts for a link nobody used.
  reports::LinkUsage linkUsage(int64_t link_id);
  // The traffic summary of the whole trail against the store's registry (copied to
  // `registry_out` when given). Only records appended since the last call are read.
  reports::TrafficSummary traffic(RegistrySnapshot* registry_out = nullptr);

  // Registers `details` (key and governance fields; id, status and approver are ignored) as a
  // new proposed link.
  Link proposeLink(const Link& details, const ChangeContext& change);
  // `to` is where the operation leads; `from_required`, when set, is the only status the
  // operation may start from (ResumeLink resumes only suspended links, ActivateLink activates
  // only approved ones), so each verb keeps one meaning.
  Link transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change,
                      std::optional<LinkStatus> from_required = std::nullopt);

  // Sets descriptive fields (link_edit.h: purpose name, legal basis, data items, department,
  // vendor, review date, note) of a link. Unknown fields, fields that identify the link and bad
  // values are kInvalidLink; a retired link is kLifecycleRefused. Each field whose value differs
  // from the stored one is one history row with before and after; when none differs nothing is
  // written (LinkEdit::changes is empty).
  LinkEdit updateLink(int64_t link_id, const LinkFieldValues& values, const ChangeContext& change);
  // Records a review: change.reason (required) says what was found, and the link's review date
  // becomes `next_review_date` (YYYY-MM-DD, today or later in JST), so the review-due report
  // stops listing it until then.
  Link reviewLink(int64_t link_id, const std::string& next_review_date,
                  const ChangeContext& change);

  // The unit's links as sender that this broker would route today. Never anyone else's.
  std::vector<AllowedService> allowedServices(const std::string& unit_id);

  // Records that someone read the registry (admin_audit.h). Throws (kInternal) when the trail
  // cannot take the record: a read that cannot be accounted for is not served.
  void recordRead(const RegistryRead& read);
  // Records a web login, refused login, logout or expired session (admin_audit.h). Throws
  // (kInternal) like recordRead: a login that cannot be accounted for is not let in.
  void recordSession(const AdminSession& session);

 private:
  void appendEvidence(AuditRecord record, const char* what);
  Link findOrThrow(int64_t link_id);
  void validateProposal(const RegistrySnapshot& registry, const Link& link) const;
  void reloadRegistry();

  Store& store_;
  LinkRegistry& registry_;
  std::function<std::string()> today_;
  reports::TrafficCache traffic_;
};

// "link 7 (062022/kokuho -> 062022/juki, IdoJohoShokai:1, KOKUHO-SHIKAKU)": how refusals name a
// link so the officer knows which one without looking it up.
std::string describeLink(const Link& link);

}  // namespace renkei::admin

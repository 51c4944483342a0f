#include "broker/audit/admin_audit.h"

#include "broker/audit/audit_hash.h"
#include "broker/registry/change_time.h"

namespace renkei {

AuditRecord adminAuditRecord(int64_t link_id, const std::string& action,
                             const std::string& from_status, const std::string& to_status,
                             const ChangeContext& change) {
  AuditRecord r;
  r.time = changeTime(change);
  r.service = "registry";
  r.purpose = action;
  r.link_id = link_id;
  r.outcome = kAdminOutcome;
  r.operator_id = change.actor;
  r.request_sha256 = sha256Hex(from_status + "\n" + to_status + "\n" + change.reason);
  r.response_sha256 = sha256Hex("");
  return r;
}

}  // namespace renkei

#include "broker/audit/admin_audit.h"

#include "broker/audit/audit_hash.h"
#include "broker/registry/change_time.h"

namespace renkei {

AuditRecord adminAuditRecord(int64_t link_id, const std::string& action,
                             const std::string& from_status, const std::string& to_status,
                             const ChangeContext& change) {
  LinkChange row;
  row.link_id = link_id;
  row.action = action;
  row.from_status = from_status;
  row.to_status = to_status;
  return adminAuditRecord(row, change);
}

AuditRecord adminAuditRecord(const LinkChange& row, const ChangeContext& change) {
  AuditRecord r;
  r.time = changeTime(change);
  r.service = "registry";
  r.purpose = row.action;
  r.link_id = row.link_id;
  r.outcome = kAdminOutcome;
  r.operator_id = change.actor;
  std::string pinned = row.from_status + "\n" + row.to_status + "\n" + change.reason;
  // Status changes keep the digest they always had; only rows naming a field add to it.
  if (!row.field.empty()) pinned += "\n" + row.field + "\n" + row.before + "\n" + row.after;
  r.request_sha256 = sha256Hex(pinned);
  r.response_sha256 = sha256Hex("");
  return r;
}

}  // namespace renkei

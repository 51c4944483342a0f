#include "broker/audit/admin_audit.h"

#include "broker/audit/audit_hash.h"
#include "broker/registry/change_time.h"

namespace renkei {
namespace {

// At most `limit` bytes of `text`, never ending inside a UTF-8 sequence.
std::string utf8Prefix(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

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

AuditRecord registryReadRecord(const RegistryRead& read) {
  AuditRecord r;
  r.time = changeTime(ChangeContext{});
  r.service = "registry";
  r.purpose = read.action;
  r.outcome = kAdminOutcome;
  r.operator_id = read.actor;
  r.peer_address = read.peer;
  r.case_reference = utf8Prefix(read.what, 200);
  r.request_sha256 = sha256Hex(read.what);
  r.response_sha256 = sha256Hex("");
  return r;
}

AuditRecord adminUserRecord(const std::string& action, const AdminUser& user,
                            const std::string& actor) {
  AuditRecord r;
  r.time = changeTime(ChangeContext{});
  r.service = "admin-users";
  r.purpose = action;
  r.outcome = kAdminOutcome;
  r.operator_id = actor;
  r.case_reference =
      utf8Prefix("user " + user.name + " (" + admin::adminRoleName(user.role) + ")", 200);
  r.request_sha256 =
      sha256Hex(user.name + "\n" + admin::adminRoleName(user.role) + "\n" + user.cert_subject +
                "\n" + user.token_sha256 + "\n" + user.disabled_at);
  r.response_sha256 = sha256Hex("");
  return r;
}

AuditRecord adminSessionRecord(const AdminSession& session) {
  AuditRecord r;
  r.time = changeTime(ChangeContext{});
  r.service = "admin-users";
  r.purpose = session.action;
  r.outcome = kAdminOutcome;
  r.operator_id = session.user;
  r.peer_address = session.peer;
  r.case_reference = utf8Prefix(session.what, 200);
  r.request_sha256 = sha256Hex(session.action + "\n" + session.user + "\n" + session.what);
  r.response_sha256 = sha256Hex("");
  return r;
}

}  // namespace renkei

#pragma once
// Registry changes (admin service, CLI) as records of the audit chain, so who approved,
// suspended or edited a link is in the same tamper-evident trail as the traffic it governs.
// The stores append it inside the change's own transaction: no change without its record.
#include <cstdint>
#include <string>

#include "broker/core/admin_user.h"
#include "broker/core/audit_record.h"
#include "broker/core/registry_types.h"

namespace renkei {

// Outcome of admin records; traffic reports skip them.
inline constexpr const char* kAdminOutcome = "admin";

// service "registry", purpose the action ("approved", "edited", ...), link_id the link,
// operator_id the actor; request_sha256 pins the from/to status and reason kept in the link
// history. No sender or receiver: no unit took part.
AuditRecord adminAuditRecord(int64_t link_id, const std::string& action,
                             const std::string& from_status, const std::string& to_status,
                             const ChangeContext& change);
// The record of one link history row (row.link_id, action, statuses); for an edit or a review
// request_sha256 also pins the field and its values before and after, so the trail vouches for
// what the link said, not only that it was edited.
AuditRecord adminAuditRecord(const LinkChange& row, const ChangeContext& change);

// Someone read or exported the registry: a web page, an admin SOAP read, a CLI export. Who
// looked at which links is itself evidence (an officer browsing residents' data flows is
// accountable like one changing them), so each read is a record of the chain too.
struct RegistryRead {
  std::string action = "read";  // "read" or "exported"
  std::string actor;            // the authenticated person, certificate subject, or OS user
  std::string peer;             // where the request came from ("127.0.0.1"), empty for the CLI
  std::string what;  // "GET /links?sender=kokuho", "links export --format csv: 2011 links"
};

// service "registry", purpose the action, no link (link_id 0: not a history row), case_reference
// what was read (cut to 200 bytes), request_sha256 its digest.
AuditRecord registryReadRecord(const RegistryRead& read);

// An admin user was added, had a token rotated or was disabled (`renkei users`): service
// "admin-users", purpose the action ("user-added", "user-token-rotated", "user-disabled"),
// operator_id who did it, case_reference "user NAME (ROLE)"; request_sha256 pins the user's
// name, role, certificate subject, token digest and disabled time after the change, so the
// trail vouches for which token was valid when.
AuditRecord adminUserRecord(const std::string& action, const AdminUser& user,
                            const std::string& actor);

// Someone logged in to the web view, was refused at its login, logged out, or came back after
// their session had expired: service "admin-users", purpose "login", "login-refused", "logout"
// or "session-expired", operator_id the user (for a refused login the name typed, possibly
// empty), peer_address where the browser was, case_reference what happened in words
// ("web login by shonin (approver)", "web login refused for tanaka: the token is not valid").
// Never any token or cookie: the trail is read by auditors, who must not be able to log in
// with what they read.
struct AdminSession {
  std::string action;  // "login", "login-refused", "logout", "session-expired"
  std::string user;
  std::string peer;
  std::string what;
};
AuditRecord adminSessionRecord(const AdminSession& session);

}  // namespace renkei

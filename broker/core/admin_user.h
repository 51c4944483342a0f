#pragma once
// A person who may use the admin listener and the change commands of the CLI (admin_role.h).
// The store keeps the SHA-256 of the user's token, never the token (admin_token.h).
#include <optional>
#include <string>
#include <vector>

#include "broker/core/admin_role.h"

namespace renkei {

struct AdminUser {
  std::string name;          // unique login name; recorded as the actor of what the user does
  std::string display_name;  // "保険年金課 田中"; free text for pages, may be empty
  admin::AdminRole role = admin::AdminRole::kViewer;
  std::string token_sha256;  // lowercase hex
  std::string cert_subject;  // client certificate subject mapped to this user; "" = none
  std::string created_at;    // ISO 8601 UTC
  std::string disabled_at;   // ISO 8601 UTC; "" while the user may log in

  bool enabled() const { return disabled_at.empty(); }
};

// Why `user` cannot be stored next to `existing` (the table's rows, read in the same
// transaction): a name taken (when `creating`), no such user (when not), or a certificate
// subject that is another user's. Both stores word their refusals with it.
std::optional<std::string> adminUserConflict(const std::vector<AdminUser>& existing,
                                             const AdminUser& user, bool creating);

// The columns both stores read, in AdminUser's order; cert_subject NULL reads as "".
inline constexpr const char* kAdminUserColumns =
    "name, display_name, role, token_sha256, COALESCE(cert_subject, ''), created_at, disabled_at";

}  // namespace renkei

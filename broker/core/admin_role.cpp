#include "broker/core/admin_role.h"

namespace renkei::admin {

const char* adminRoleName(AdminRole role) {
  switch (role) {
    case AdminRole::kViewer:
      return "viewer";
    case AdminRole::kProposer:
      return "proposer";
    case AdminRole::kApprover:
      return "approver";
    case AdminRole::kAdministrator:
      return "administrator";
  }
  return "viewer";
}

std::optional<AdminRole> parseAdminRole(std::string_view name) {
  for (AdminRole role : {AdminRole::kViewer, AdminRole::kProposer, AdminRole::kApprover,
                         AdminRole::kAdministrator}) {
    if (name == adminRoleName(role)) return role;
  }
  return std::nullopt;
}

bool roleCovers(AdminRole held, AdminRole needed) {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace renkei::admin

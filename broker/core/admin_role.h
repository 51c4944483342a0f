#pragma once
// The roles of admin users (people who govern the registry) and what each may do.
//
// Roles nest: administrator ⊇ approver ⊇ proposer ⊇ viewer, so a role is a rank and a user may
// do whatever a lower rank may. Nesting is safe for separation of duties because four-eyes is
// not a role question: whether the user who proposed a link may approve it is a rule of the
// link's lifecycle (checked on the link, whatever the approver's rank).
#include <optional>
#include <string>
#include <string_view>

namespace renkei::admin {

enum class AdminRole {
  kViewer = 0,         // reads the registry, its history and reports
  kProposer = 1,       // + proposes links, updates their descriptions, records reviews
  kApprover = 2,       // + approves, activates, suspends, resumes and retires links
  kAdministrator = 3,  // + manages admin users
};

// "viewer", "proposer", "approver", "administrator": stored in the users table and typed on
// the command line, so never renamed.
const char* adminRoleName(AdminRole role);
std::optional<AdminRole> parseAdminRole(std::string_view name);
// True when a user of role `held` may do what needs `needed`.
bool roleCovers(AdminRole held, AdminRole needed);

}  // namespace renkei::admin

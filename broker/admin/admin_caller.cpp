#include "broker/admin/admin_caller.h"

#include "broker/admin/admin_token.h"

namespace renkei::admin {

AdminCaller AdminAuthenticator::identify(std::string_view token, std::string_view cert_subject) {
  AdminCaller caller;
  const std::vector<AdminUser> users = store_.adminUsers();
  caller.open = users.empty();
  if (caller.open) return caller;
  if (!token.empty()) {
    const std::string digest = adminTokenDigest(token);
    // Every stored digest is compared, each in constant time: which user matched (or whether
    // any did) does not show in how long the check took.
    const AdminUser* match = nullptr;
    for (const AdminUser& user : users) {
      if (sameDigest(digest, user.token_sha256)) match = &user;
    }
    if (match && match->enabled()) caller.user = *match;
    return caller;
  }
  if (!cert_subject.empty()) {
    for (const AdminUser& user : users) {
      if (user.enabled() && user.cert_subject == cert_subject) caller.user = user;
    }
  }
  return caller;
}

AdminCaller AdminAuthenticator::byName(std::string_view name) {
  AdminCaller caller;
  const std::vector<AdminUser> users = store_.adminUsers();
  caller.open = users.empty();
  for (const AdminUser& user : users) {
    if (user.enabled() && user.name == name) caller.user = user;
  }
  return caller;
}

bool AdminAuthenticator::open() { return store_.adminUsers().empty(); }

AdminRole roleForSoapOperation(std::string_view element) {
  constexpr std::string_view kSuffix = "Request";
  if (element.size() > kSuffix.size() && element.ends_with(kSuffix)) {
    element.remove_suffix(kSuffix.size());
  }
  if (element == "ProposeLink" || element == "UpdateLink" || element == "ReviewLink") {
    return AdminRole::kProposer;
  }
  if (element == "ApproveLink" || element == "ActivateLink" || element == "SuspendLink" ||
      element == "ResumeLink" || element == "RetireLink") {
    return AdminRole::kApprover;
  }
  return AdminRole::kViewer;
}

std::optional<AdminRole> roleForLinkAction(std::string_view verb) {
  if (verb == "propose" || verb == "update" || verb == "review" || verb == "import") {
    return AdminRole::kProposer;
  }
  if (verb == "approve" || verb == "activate" || verb == "suspend" || verb == "resume" ||
      verb == "retire") {
    return AdminRole::kApprover;
  }
  return std::nullopt;
}

std::string notPermittedReason(const AdminCaller& caller, std::string_view what, AdminRole needed) {
  if (!caller.user) {
    return std::string(what) + " needs a logged-in admin user with the " + adminRoleName(needed) +
           " role";
  }
  return "user " + caller.user->name + " (" + adminRoleName(caller.user->role) + ") may not " +
         std::string(what) + ": it needs the " + adminRoleName(needed) + " role";
}

}  // namespace renkei::admin

#pragma once
// Who is calling the admin listener or a CLI change command, once their credentials have been
// checked against the store's admin users (admin_user.h), and what they may do.
//
// Bootstrap: while the store has no admin user at all, nobody can log in, so the listener and
// the CLI work as before users existed (open). A disabled user still counts as a user: disabling
// the last one never reopens the door.
#include <optional>
#include <string>
#include <string_view>

#include "broker/core/admin_role.h"
#include "broker/core/admin_user.h"
#include "broker/store/store.h"

namespace renkei::admin {

struct AdminCaller {
  bool open = false;              // the store has no admin users: everything allowed
  std::optional<AdminUser> user;  // set once authenticated (an enabled user)

  bool authenticated() const { return user.has_value(); }
  // May this caller do what needs `needed`? Open: yes. Anonymous: no.
  bool may(AdminRole needed) const { return open || (user && roleCovers(user->role, needed)); }
};

// Looks credentials up in the store on every call, so a user added, disabled or given a new
// token through any broker or the CLI counts from the next request on.
class AdminAuthenticator {
 public:
  explicit AdminAuthenticator(Store& store) : store_(store) {}

  // `token`: a bearer token as presented (may be empty); `cert_subject`: the verified client
  // certificate's subject (may be empty). A token wins over a certificate when both are given.
  AdminCaller identify(std::string_view token, std::string_view cert_subject);
  // The caller a web session stands for: the user named, if still enabled.
  AdminCaller byName(std::string_view name);
  // True while the store has no admin users (bootstrap mode).
  bool open();

 private:
  Store& store_;
};

// The role an admin SOAP operation needs, by its request element's local name
// ("ApproveLinkRequest" -> approver). Unknown names need viewer (the dispatcher refuses them).
AdminRole roleForSoapOperation(std::string_view element);
// The role a link action needs, by its CLI / web verb ("approve", "review", "propose", ...).
// nullopt for a verb that is not an action.
std::optional<AdminRole> roleForLinkAction(std::string_view verb);
// "user tanaka (viewer) may not approve: it needs the approver role", or "... needs a logged-in
// user" for an anonymous caller.
std::string notPermittedReason(const AdminCaller& caller, std::string_view what, AdminRole needed);

}  // namespace renkei::admin

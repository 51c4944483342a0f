#include "broker/core/admin_user.h"

namespace renkei {

std::optional<std::string> adminUserConflict(const std::vector<AdminUser>& existing,
                                             const AdminUser& user, bool creating) {
  bool found = false;
  for (const AdminUser& other : existing) {
    if (other.name == user.name) {
      if (creating) return "admin user " + user.name + " already exists";
      found = true;
      continue;
    }
    if (!user.cert_subject.empty() && other.cert_subject == user.cert_subject) {
      return "certificate subject '" + user.cert_subject + "' already belongs to admin user " +
             other.name;
    }
  }
  if (!creating && !found) return "there is no admin user " + user.name;
  return std::nullopt;
}

}  // namespace renkei

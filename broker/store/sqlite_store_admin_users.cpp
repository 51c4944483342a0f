// SqliteStore: admin users (admin_user.h), each change one transaction with its audit record.
#include <stdexcept>

#include "broker/store/sqlite_store.h"

namespace renkei {

namespace {

AdminUser readAdminUserRow(SqliteStatement& st) {
  AdminUser user;
  user.name = st.columnText(0);
  user.display_name = st.columnText(1);
  // The table's CHECK admits only the four names.
  user.role = admin::parseAdminRole(st.columnText(2)).value_or(admin::AdminRole::kViewer);
  user.token_sha256 = st.columnText(3);
  user.cert_subject = st.columnText(4);
  user.created_at = st.columnText(5);
  user.disabled_at = st.columnText(6);
  return user;
}

}  // namespace

std::vector<AdminUser> SqliteStore::adminUsersLocked() {
  StatementUse st(connection_.cached(std::string("SELECT ") + kAdminUserColumns +
                                     " FROM admin_users ORDER BY created_at, name"));
  std::vector<AdminUser> users;
  while (st->step("reading admin users")) users.push_back(readAdminUserRow(*st));
  return users;
}

std::vector<AdminUser> SqliteStore::adminUsers() {
  std::lock_guard lock(mutex_);
  return adminUsersLocked();
}

void SqliteStore::createAdminUser(const AdminUser& user, AuditRecord record) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "adding an admin user");
  if (auto conflict = adminUserConflict(adminUsersLocked(), user, /*creating=*/true)) {
    throw StoreError(*conflict);
  }
  {
    StatementUse st(connection_.cached(
        "INSERT INTO admin_users (name, display_name, role, token_sha256, cert_subject, "
        "created_at, disabled_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, ''), ?6, ?7)"));
    st->bind(1, user.name);
    st->bind(2, user.display_name);
    st->bind(3, admin::adminRoleName(user.role));
    st->bind(4, user.token_sha256);
    st->bind(5, user.cert_subject);
    st->bind(6, user.created_at);
    st->bind(7, user.disabled_at);
    st->step("adding an admin user");
  }
  std::vector<AuditRecord> batch{std::move(record)};
  chainAndInsertAudit(batch);
  transaction.commit();
}

void SqliteStore::updateAdminUser(const AdminUser& user, AuditRecord record) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "changing an admin user");
  if (auto conflict = adminUserConflict(adminUsersLocked(), user, /*creating=*/false)) {
    throw StoreError(*conflict);
  }
  {
    StatementUse st(connection_.cached(
        "UPDATE admin_users SET display_name = ?2, role = ?3, token_sha256 = ?4, "
        "cert_subject = NULLIF(?5, ''), disabled_at = ?6 WHERE name = ?1"));
    st->bind(1, user.name);
    st->bind(2, user.display_name);
    st->bind(3, admin::adminRoleName(user.role));
    st->bind(4, user.token_sha256);
    st->bind(5, user.cert_subject);
    st->bind(6, user.disabled_at);
    st->step("changing an admin user");
  }
  std::vector<AuditRecord> batch{std::move(record)};
  chainAndInsertAudit(batch);
  transaction.commit();
}

}  // namespace renkei

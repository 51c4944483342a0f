// PostgresStore: admin users (admin_user.h), each change one transaction with its audit record.
#include "broker/store/postgres_schema.h"
#include "broker/store/postgres_store.h"

namespace renkei {

namespace {

std::vector<AdminUser> readAdminUsers(PgConnection& db) {
  const PgResult rows = db.exec(
      std::string("SELECT ") + kAdminUserColumns + " FROM admin_users ORDER BY created_at, name",
      "reading admin users");
  std::vector<AdminUser> users;
  for (int row = 0; row < rows.rows(); ++row) {
    AdminUser user;
    user.name = rows.text(row, 0);
    user.display_name = rows.text(row, 1);
    // The table's CHECK admits only the four names.
    user.role = admin::parseAdminRole(rows.text(row, 2)).value_or(admin::AdminRole::kViewer);
    user.token_sha256 = rows.text(row, 3);
    user.cert_subject = rows.text(row, 4);
    user.created_at = rows.text(row, 5);
    user.disabled_at = rows.text(row, 6);
    users.push_back(std::move(user));
  }
  return users;
}

// Serializes user changes across brokers, so two `users add` of one name or certificate subject
// cannot both pass the conflict check; then the chain lock for the audit record (the order of
// registry changes: the specific lock first, the chain lock last).
void lockAdminUsers(PgConnection& db) {
  db.query("SELECT pg_advisory_xact_lock($1, $2)",
           {std::to_string(kPgLockClass), std::to_string(kPgAdminUsersLock)},
           "waiting for the admin users lock");
}

}  // namespace

std::vector<AdminUser> PostgresStore::adminUsers() {
  PgLease db = pool_.acquire();
  return readAdminUsers(*db);
}

void PostgresStore::createAdminUser(const AdminUser& user, AuditRecord record) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "adding an admin user");
  lockAdminUsers(*db);
  if (auto conflict = adminUserConflict(readAdminUsers(*db), user, /*creating=*/true)) {
    throw StoreError(*conflict);
  }
  db->query(
      "INSERT INTO admin_users (name, display_name, role, token_sha256, cert_subject, "
      "created_at, disabled_at) VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, $7)",
      {user.name, user.display_name, admin::adminRoleName(user.role), user.token_sha256,
       user.cert_subject, user.created_at, user.disabled_at},
      "adding an admin user");
  appendAuditRecordOn(*db, std::move(record));
  transaction.commit();
}

void PostgresStore::updateAdminUser(const AdminUser& user, AuditRecord record) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "changing an admin user");
  lockAdminUsers(*db);
  if (auto conflict = adminUserConflict(readAdminUsers(*db), user, /*creating=*/false)) {
    throw StoreError(*conflict);
  }
  db->query(
      "UPDATE admin_users SET display_name = $2, role = $3, token_sha256 = $4, "
      "cert_subject = NULLIF($5, ''), disabled_at = $6 WHERE name = $1",
      {user.name, user.display_name, admin::adminRoleName(user.role), user.token_sha256,
       user.cert_subject, user.disabled_at},
      "changing an admin user");
  appendAuditRecordOn(*db, std::move(record));
  transaction.commit();
}

}  // namespace renkei

// Admin users in the Store contract (store.h), on SQLite and on a real PostgreSQL server: what
// the listener and the CLI rely on to know who is calling.
#include <gtest/gtest.h>

#include <memory>

#include "broker/admin/admin_caller.h"
#include "broker/admin/admin_token.h"
#include "broker/audit/admin_audit.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using admin::AdminRole;

struct SqliteUsersBackend {
  testing::TempDir dir;
  std::unique_ptr<Store> open() { return std::make_unique<SqliteStore>(dir.file("renkei.db")); }
};

struct PostgresUsersBackend {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  std::unique_ptr<Store> open() { return std::make_unique<PostgresStore>(conninfo); }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteUsersBackend> ? "Sqlite" : "Postgres";
  }
};

AdminUser user(const std::string& name, AdminRole role, const std::string& token,
               const std::string& cert_subject = "") {
  AdminUser u;
  u.name = name;
  u.display_name = "保険年金課 " + name;
  u.role = role;
  u.token_sha256 = admin::adminTokenDigest(token);
  u.cert_subject = cert_subject;
  u.created_at = "2026-12-02T10:00:00.000Z";
  return u;
}

template <typename Backend>
class AdminUserStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = backend_.open();
    store_->migrate();
  }
  void add(const AdminUser& u) {
    store_->createAdminUser(u, adminUserRecord("user-added", u, "t"));
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<SqliteUsersBackend, PostgresUsersBackend>;
TYPED_TEST_SUITE(AdminUserStore, Backends, BackendNames);

TYPED_TEST(AdminUserStore, UsersRoundTripWithTheirAuditRecords) {
  EXPECT_TRUE(this->store_->adminUsers().empty());
  this->add(user("tanaka", AdminRole::kApprover, "tok-1", "CN=tanaka,O=Example City"));
  this->add(user("sato", AdminRole::kViewer, "tok-2"));
  const auto users = this->store_->adminUsers();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "sato");  // same created_at: by name
  EXPECT_EQ(users[0].cert_subject, "");
  EXPECT_EQ(users[1].role, AdminRole::kApprover);
  EXPECT_EQ(users[1].display_name, "保険年金課 tanaka");
  EXPECT_EQ(users[1].cert_subject, "CN=tanaka,O=Example City");
  EXPECT_TRUE(users[1].enabled());

  std::vector<AuditRecord> trail;
  this->store_->forEachAudit([&](const AuditRecord& r) {
    trail.push_back(r);
    return true;
  });
  ASSERT_EQ(trail.size(), 2u);
  EXPECT_EQ(trail[1].service, "admin-users");
  EXPECT_EQ(trail[1].purpose, "user-added");
  EXPECT_EQ(trail[1].case_reference, "user sato (viewer)");
}

TYPED_TEST(AdminUserStore, NamesAndCertificateSubjectsAreUnique) {
  this->add(user("tanaka", AdminRole::kApprover, "tok-1", "CN=tanaka"));
  this->add(user("suzuki", AdminRole::kViewer, "tok-3"));  // two users without a certificate
  try {
    this->add(user("tanaka", AdminRole::kViewer, "tok-2"));
    ADD_FAILURE() << "a second tanaka was stored";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
  }
  try {
    this->add(user("sato", AdminRole::kViewer, "tok-2", "CN=tanaka"));
    ADD_FAILURE() << "a certificate subject was given to two users";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("already belongs to admin user tanaka"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(this->store_->adminUsers().size(), 2u);
}

TYPED_TEST(AdminUserStore, TokensAuthenticateUntilRotatedOrDisabled) {
  this->add(user("tanaka", AdminRole::kApprover, "old-token", "CN=tanaka"));
  admin::AdminAuthenticator auth(*this->store_);
  EXPECT_EQ(auth.identify("old-token", "").user->name, "tanaka");
  EXPECT_EQ(auth.identify("", "CN=tanaka").user->name, "tanaka");
  EXPECT_FALSE(auth.identify("wrong", "").user);
  EXPECT_FALSE(auth.identify("wrong", "").open);

  AdminUser rotated = this->store_->adminUsers()[0];
  rotated.token_sha256 = admin::adminTokenDigest("new-token");
  this->store_->updateAdminUser(rotated, adminUserRecord("user-token-rotated", rotated, "t"));
  EXPECT_FALSE(auth.identify("old-token", "").user);
  EXPECT_TRUE(auth.identify("new-token", "").user);

  rotated.disabled_at = "2026-12-02T11:00:00.000Z";
  this->store_->updateAdminUser(rotated, adminUserRecord("user-disabled", rotated, "t"));
  EXPECT_FALSE(auth.identify("new-token", "").user);
  EXPECT_FALSE(auth.identify("", "CN=tanaka").user);
  EXPECT_FALSE(auth.byName("tanaka").user);
  // A disabled user still counts: the listener does not fall back to bootstrap mode.
  EXPECT_FALSE(auth.open());

  AdminUser ghost = user("ghost", AdminRole::kViewer, "x");
  EXPECT_THROW(this->store_->updateAdminUser(ghost, adminUserRecord("user-disabled", ghost, "t")),
               StoreError);
}

}  // namespace
}  // namespace renkei

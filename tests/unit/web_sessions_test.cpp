// Web view sessions kept in the store (broker/admin/web_session.h, web_session_row.h), on a real
// SQLite file and a real PostgreSQL database: what an officer notices is that a broker restart
// (a new store object on the same database) keeps them logged in, that logout and the idle
// timeout still end a session, and that the database never holds the cookie itself.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "broker/admin/admin_token.h"
#include "broker/admin/web_session.h"
#include "broker/audit/admin_audit.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei::admin {
namespace {

struct SqliteDatabase {
  testing::TempDir dir;
  std::unique_ptr<Store> open() { return std::make_unique<SqliteStore>(dir.file("renkei.db")); }
  // Everything the database holds, as bytes: what a copy of it gives away.
  std::string rawBytes() {
    std::string bytes;
    for (const char* name : {"renkei.db", "renkei.db-wal"}) {
      std::ifstream in(dir.file(name), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
  }
};

struct PostgresDatabase {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  std::unique_ptr<Store> open() { return std::make_unique<PostgresStore>(conninfo); }
};

struct DatabaseNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteDatabase> ? "Sqlite" : "Postgres";
  }
};

template <typename Database>
class WebSessionsInStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = openBroker();
    AdminUser user;
    user.name = "shonin";
    user.role = AdminRole::kApprover;
    user.token_sha256 = adminTokenDigest(newAdminToken());
    user.created_at = "2026-12-01T00:00:00Z";
    store_->createAdminUser(user, adminUserRecord("user-added", user, "boss"));
  }
  // What a broker process opens at start.
  std::unique_ptr<Store> openBroker() {
    auto store = database_.open();
    store->migrate();
    return store;
  }
  WebSessions sessionsOn(Store& store) {
    return WebSessions(store, std::chrono::minutes(30), [this] { return now_ms_; });
  }

  Database database_;
  std::unique_ptr<Store> store_;
  int64_t now_ms_ = 1'800'000'000'000;
};

using Databases = ::testing::Types<SqliteDatabase, PostgresDatabase>;
TYPED_TEST_SUITE(WebSessionsInStore, Databases, DatabaseNames);

TYPED_TEST(WebSessionsInStore, ALoginSurvivesARestartUntilLogout) {
  std::string cookie, csrf;
  {
    WebSessions before = this->sessionsOn(*this->store_);
    const WebSession created = before.create("shonin");
    cookie = created.id;
    csrf = created.csrf;
  }
  this->store_.reset();  // the broker stops

  auto restarted = this->openBroker();
  WebSessions after = this->sessionsOn(*restarted);
  auto found = after.find(cookie);
  ASSERT_TRUE(found) << "a restart logged the user out";
  EXPECT_EQ(found->user, "shonin");
  EXPECT_EQ(found->csrf, csrf);  // forms rendered before the restart still post
  EXPECT_TRUE(csrfMatches(*found, csrf));
  EXPECT_FALSE(csrfMatches(*found, cookie));
  EXPECT_FALSE(after.find(std::string(64, '0')));
  EXPECT_FALSE(after.find("not-a-token"));

  EXPECT_EQ(after.end(cookie), "shonin");
  EXPECT_EQ(after.end(cookie), "");  // ended once
  auto again = this->openBroker();
  EXPECT_FALSE(this->sessionsOn(*again).find(cookie)) << "logout did not delete the session";
}

TYPED_TEST(WebSessionsInStore, AnIdleSessionExpiresOnceAndUseKeepsOneAlive) {
  WebSessions sessions = this->sessionsOn(*this->store_);
  const WebSession idle = sessions.create("shonin");
  const WebSession used = sessions.create("shonin");

  this->now_ms_ += 20 * 60 * 1000;
  ASSERT_TRUE(sessions.find(used.id));  // used after 20 minutes: its idle clock restarts
  this->now_ms_ += 20 * 60 * 1000;      // 40 minutes after login

  std::string expired_user;
  EXPECT_FALSE(sessions.find(idle.id, &expired_user));
  EXPECT_EQ(expired_user, "shonin");  // so the expiry can be recorded
  expired_user.clear();
  EXPECT_FALSE(sessions.find(idle.id, &expired_user));
  EXPECT_EQ(expired_user, "") << "an expiry is reported once";

  auto other_broker = this->openBroker();
  EXPECT_TRUE(this->sessionsOn(*other_broker).find(used.id))
      << "the refreshed idle clock is in the store, not in one broker's memory";
}

TYPED_TEST(WebSessionsInStore, ALoginPrunesSessionsNobodyCameBackTo) {
  WebSessions sessions = this->sessionsOn(*this->store_);
  const WebSession forgotten = sessions.create("shonin");
  this->now_ms_ += 31 * 60 * 1000;
  const WebSession fresh = sessions.create("shonin");
  // Gone from the store before anyone asked for it: no row is left to expire.
  EXPECT_FALSE(this->store_->findWebSession(adminTokenDigest(forgotten.id)));
  EXPECT_TRUE(this->store_->findWebSession(adminTokenDigest(fresh.id)));
  EXPECT_EQ(this->store_->deleteIdleWebSessions(this->now_ms_ + 1), 1);
}

TEST(WebSessionsInSqlite, TheFileHoldsOnlyTheTokensDigest) {
  SqliteDatabase database;
  auto store = database.open();
  store->migrate();
  AdminUser user;
  user.name = "shonin";
  user.token_sha256 = adminTokenDigest(newAdminToken());
  store->createAdminUser(user, adminUserRecord("user-added", user, "boss"));
  WebSessions sessions(*store);
  const WebSession session = sessions.create("shonin");
  const std::string bytes = database.rawBytes();
  EXPECT_EQ(bytes.find(session.id), std::string::npos) << "the cookie is stored in clear";
  EXPECT_EQ(bytes.find(session.csrf), std::string::npos) << "the CSRF token is stored";
  EXPECT_NE(bytes.find(adminTokenDigest(session.id)), std::string::npos);
}

}  // namespace
}  // namespace renkei::admin

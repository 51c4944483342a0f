// Web view sessions as an officer meets them across a broker restart: a real `renkei serve`,
// its admin user made with the real `renkei users` CLI, login and pages over real HTTP, the
// broker killed and started again on the same SQLite file.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/web_client.h"

namespace renkei::testing {
namespace {

class WebSessionRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(BrokerSetup{});
    const CommandOutput added =
        runRenkeiCommand("users add boss --role administrator --config " + broker_->configPath());
    ASSERT_EQ(added.status, 0) << added.text;
    token_ = tokenIn(added.text);
    ASSERT_FALSE(token_.empty()) << added.text;
  }

  // "renkei_session=..." of a fresh login.
  std::string logIn() {
    const WebAnswer login = request(broker_->adminUrl("/login"), {}, "token=" + token_);
    EXPECT_EQ(login.status, 303) << login.body;
    return sessionCookie(login.headers);
  }
  long statusOfHomeWith(const std::string& cookie) {
    return request(broker_->adminUrl("/"), {"Cookie: " + cookie}).status;
  }
  // Everything the store's files hold, as a copy of the database would.
  std::string storeBytes() {
    std::string bytes;
    for (const std::string& file : {broker_->dbPath(), broker_->dbPath() + "-wal"}) {
      std::ifstream in(file, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
  }
  CommandOutput sql(const std::string& statement) {
    return runCommand("sqlite3 " + broker_->dbPath() + " \"" + statement + "\"");
  }

  std::unique_ptr<BrokerProcess> broker_;
  std::string token_;
};

TEST_F(WebSessionRestartTest, TheSameCookieWorksAfterARestartUntilLogout) {
  const std::string cookie = logIn();
  ASSERT_FALSE(cookie.empty());
  ASSERT_EQ(statusOfHomeWith(cookie), 200);
  const WebAnswer before = request(broker_->adminUrl("/"), {"Cookie: " + cookie});

  broker_->restart();
  EXPECT_EQ(statusOfHomeWith(cookie), 200) << "a restart logged the officer out";
  // A form rendered before the restart still posts: the CSRF token came through too.
  const WebAnswer after = request(broker_->adminUrl("/"), {"Cookie: " + cookie});
  EXPECT_EQ(csrfIn(after.body), csrfIn(before.body));
  EXPECT_EQ(statusOfHomeWith("renkei_session=" + std::string(64, 'a')), 401);

  // The store keeps the session by the SHA-256 of the cookie, never the cookie itself.
  const std::string value = cookie.substr(cookie.find('=') + 1);
  EXPECT_EQ(storeBytes().find(value), std::string::npos) << "the session token is stored in clear";
  EXPECT_EQ(sql("SELECT count(*) FROM web_sessions WHERE user_name = 'boss'").text, "1\n");

  EXPECT_EQ(request(broker_->adminUrl("/logout"), {"Cookie: " + cookie}, "").status, 303);
  EXPECT_EQ(sql("SELECT count(*) FROM web_sessions").text, "0\n") << "logout left the row";
  broker_->restart();
  EXPECT_EQ(statusOfHomeWith(cookie), 401) << "a logged-out cookie came back with a restart";
}

TEST_F(WebSessionRestartTest, AnExpiredSessionIsRefusedAndItsRowDeleted) {
  const std::string cookie = logIn();
  ASSERT_EQ(statusOfHomeWith(cookie), 200);
  // As if nobody had used it for a day (the idle timeout is 30 minutes).
  const CommandOutput aged = sql("UPDATE web_sessions SET last_used_ms = last_used_ms - 86400000");
  ASSERT_EQ(aged.status, 0) << aged.text;
  broker_->restart();
  EXPECT_EQ(statusOfHomeWith(cookie), 401);
  EXPECT_EQ(sql("SELECT count(*) FROM web_sessions").text, "0\n");
  const CommandOutput trail = sql("SELECT count(*) FROM audit WHERE purpose = 'session-expired'");
  EXPECT_EQ(trail.text, "1\n") << "the expiry is not in the audit trail";
}

}  // namespace
}  // namespace renkei::testing

// GET /readyz on the admin listener names each check and answers 503 while the store is away,
// 200 again once it is back; /healthz on both listeners stays as it was.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/support/postgres_test_server.h"

namespace renkei::testing {
namespace {

using Clock = std::chrono::steady_clock;

bool checkNamed(const std::string& body, const std::string& name, bool ok) {
  return body.find("\"" + name + "\":{\"ok\":" + (ok ? "true" : "false")) != std::string::npos;
}

// Polls /readyz until it answers `status` with the store check as `store_ok`, or the deadline
// passes; returns the last answer. (A store ping result is reused for a second, so the audit
// writer may notice an outage first.)
HttpAnswer readyzUntil(SoapClient& client, const AdminListener& admin, long status,
                       std::chrono::seconds deadline) {
  const bool store_ok = status == 200;
  const auto until = Clock::now() + deadline;
  HttpAnswer answer = client.get(admin.url("/readyz"));
  while ((answer.status != status || !checkNamed(answer.body, "store", store_ok)) &&
         Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    answer = client.get(admin.url("/readyz"));
  }
  return answer;
}

TEST(Readiness, ReadyBrokerNamesEveryCheck) {
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  SoapClient client;
  const HttpAnswer answer = client.get(admin.url("/readyz"));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body.rfind("{\"ready\":true,", 0), 0u) << answer.body;
  for (const char* check : {"store", "audit_writer", "registry", "schemas"}) {
    EXPECT_TRUE(checkNamed(answer.body, check, true)) << check << " in " << answer.body;
  }
  // Liveness is unchanged on both listeners.
  EXPECT_EQ(client.get(admin.url("/healthz")).body, "ok\n");
  EXPECT_EQ(client.get(broker.url("/healthz")).body, "ok\n");
}

TEST(Readiness, TurnsUnavailableWhilePostgresIsStoppedAndBackWhenItReturns) {
  PostgresTestServer& pg = PostgresTestServer::shared();
  BrokerSetup setup;
  setup.postgres_conninfo = pg.createDatabase();
  setup.audit_timeout_ms = 1000;
  RunningBroker broker(setup);
  AdminListener admin(broker);
  SoapClient client;
  ASSERT_EQ(readyzUntil(client, admin, 200, std::chrono::seconds(10)).status, 200);

  pg.stopFast();
  const auto stopped = Clock::now();
  HttpAnswer answer = readyzUntil(client, admin, 503, std::chrono::seconds(15));
  pg.restart();  // before any assertion can end the test with the server down
  const auto restarted = Clock::now();
  ASSERT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.body.rfind("{\"ready\":false,", 0), 0u) << answer.body;
  EXPECT_TRUE(checkNamed(answer.body, "store", false)) << answer.body;
  EXPECT_EQ(answer.body.find(std::to_string(pg.port())), std::string::npos)
      << "readiness names the store's address: " << answer.body;
  std::printf(
      "[ figures ] /readyz 503 %lld ms after the stop\n",
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(restarted - stopped).count()));

  answer = readyzUntil(client, admin, 200, std::chrono::seconds(20));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(checkNamed(answer.body, "store", true)) << answer.body;
  EXPECT_TRUE(checkNamed(answer.body, "audit_writer", true)) << answer.body;
}

}  // namespace
}  // namespace renkei::testing

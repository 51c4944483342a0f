// "Nothing is acknowledged that is not durable", tested the hard way: a real `renkei serve`
// process on PostgreSQL is killed with SIGKILL under concurrent load, and every exchange whose
// caller had received HTTP 200 must be in the audit trail, which still verifies.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "broker/audit/audit_verifier.h"
#include "broker/store/postgres_store.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/eventually.h"
#include "tests/support/postgres_test_server.h"

namespace renkei::testing {
namespace {

TEST(Kill9AuditTest, EveryAcknowledgedExchangeIsInTheTrailAfterKill9UnderLoad) {
  const std::string conninfo = PostgresTestServer::shared().createDatabase();
  UnitProcess juki("unit_juki");
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.postgres_conninfo = conninfo;
  BrokerProcess broker(setup);
  const std::string request = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::string first_refusal;  // guarded by mutex: shown when too few were acknowledged
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      SoapClient client;
      while (!stop) {
        char id[64];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++sent);
        const std::string body = withElementText(request, "MessageId", id);
        try {
          const HttpAnswer answer = client.postAsIs(broker.url(), body);
          std::lock_guard lock(mutex);
          if (answer.status == 200) {
            acknowledged.insert(id);
          } else if (first_refusal.empty()) {
            first_refusal = answer.body;
          }
        } catch (const std::exception&) {
          return;  // the broker is gone
        }
      }
    });
  }
  // Killed once the load is well under way, however fast this machine (or a sanitizer build) is.
  eventually(
      [&] {
        std::lock_guard lock(mutex);
        return acknowledged.size() >= 50;
      },
      std::chrono::seconds(30));
  broker.kill9();
  stop = true;
  for (auto& c : callers) c.join();
  ASSERT_GT(acknowledged.size(), 10u) << broker.stderrText() << first_refusal;

  PostgresStore store(conninfo);
  std::map<std::string, std::string> outcome;
  store.forEachAudit([&](const AuditRecord& r) {
    outcome[r.message_id] = r.outcome;
    return true;
  });
  for (const std::string& id : acknowledged) {
    ASSERT_EQ(outcome.count(id), 1u) << "acknowledged but not in the trail: " << id;
    EXPECT_EQ(outcome[id], "routed") << id;
  }
  const AuditVerification verification = verifyAuditChain(store);
  EXPECT_TRUE(verification.ok) << verification.message;
  std::printf("[ figures ] %zu acknowledged of %d sent before kill -9, all in the trail\n",
              acknowledged.size(), sent.load());
}

}  // namespace
}  // namespace renkei::testing

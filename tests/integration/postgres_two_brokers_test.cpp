// Scale-out: two real brokers (gSOAP engine, pipeline, audit writer) share one real PostgreSQL,
// with the real example units behind them. What must hold across instances: both route, the
// audit trail is ONE chain that verifies, and a suspension made through one instance's store is
// enforced by the other within its registry poll interval.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "broker/audit/audit_verifier.h"
#include "broker/store/postgres_store.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/eventually.h"
#include "tests/support/postgres_test_server.h"

namespace renkei::testing {
namespace {

constexpr int kPollMs = 100;

class PostgresTwoBrokersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = PostgresTestServer::shared().createDatabase();
    BrokerSetup setup{{{"062022/juki", juki_.url()}, {"062022/kokuho", kokuho_.url()}}};
    setup.postgres_conninfo = conninfo_;
    setup.registry_poll_ms = kPollMs;
    // Started one after the other like a rolling deployment; the second seeds the same
    // configuration and must find (not duplicate) the first one's links.
    broker_a_ = std::make_unique<RunningBroker>(setup);
    broker_b_ = std::make_unique<RunningBroker>(setup);
    admin_ = std::make_unique<PostgresStore>(conninfo_);
  }

  HttpAnswer shokai(RunningBroker& broker) {
    return client_.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  }

  int64_t kokuhoToJukiLinkId() {
    for (const auto& link : admin_->loadRegistry().links) {
      if (link.sender == "062022/kokuho" && link.receiver == "062022/juki" &&
          link.service_name == "IdoJohoShokai" && link.purpose_code == "KOKUHO-SHIKAKU") {
        return link.id;
      }
    }
    ADD_FAILURE() << "the example configuration lost its kokuho -> juki link";
    return 0;
  }

  UnitProcess juki_{"unit_juki"};
  UnitProcess kokuho_{"unit_kokuho"};
  std::string conninfo_;
  std::unique_ptr<RunningBroker> broker_a_;
  std::unique_ptr<RunningBroker> broker_b_;
  std::unique_ptr<PostgresStore> admin_;  // what the CLI or the admin service would use
  SoapClient client_;
};

TEST_F(PostgresTwoBrokersTest, BothRouteAndWriteOneVerifiableAuditChain) {
  // Seeding twice created each link once.
  EXPECT_EQ(admin_->linkHistory(kokuhoToJukiLinkId()).size(), 1u);

  constexpr int kRounds = 10;
  for (int i = 0; i < kRounds; ++i) {
    HttpAnswer a = shokai(*broker_a_);
    HttpAnswer b = shokai(*broker_b_);
    ASSERT_EQ(a.status, 200) << a.body;
    ASSERT_EQ(b.status, 200) << b.body;
    EXPECT_NE(a.body.find("IdoJohoShokaiResponse"), std::string::npos) << a.body;
    EXPECT_NE(b.body.find("IdoJohoShokaiResponse"), std::string::npos) << b.body;
  }
  // Concurrent traffic to both instances, so their audit batches really interleave.
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([this, t] {
      SoapClient client;
      RunningBroker& broker = t % 2 == 0 ? *broker_a_ : *broker_b_;
      for (int i = 0; i < 10; ++i) {
        HttpAnswer answer =
            client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
        EXPECT_EQ(answer.status, 200) << answer.body;
      }
    });
  }
  for (auto& c : callers) c.join();

  // A reply is sent only once its audit record is durable, so every exchange is there now.
  std::vector<AuditRecord> records;
  admin_->forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  // One gapless chain: the seeded links' records first, then every exchange of both brokers.
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].seq, static_cast<int64_t>(i + 1));
  }
  const std::vector<AuditRecord> exchanges = exchangesIn(records);
  ASSERT_EQ(exchanges.size(), static_cast<size_t>(2 * kRounds + 40));
  for (const AuditRecord& r : exchanges) EXPECT_EQ(r.outcome, "routed");
  const AuditVerification verification = verifyAuditChain(*admin_);
  EXPECT_TRUE(verification.ok) << verification.message;
  EXPECT_EQ(verification.records_checked, static_cast<int64_t>(records.size()));
}

// Each instance's RegistryWatcher polls the shared registry version every registryPollMs.
TEST_F(PostgresTwoBrokersTest, ASuspensionThroughOneInstanceIsEnforcedByTheOther) {
  ASSERT_EQ(shokai(*broker_a_).status, 200);
  ASSERT_EQ(shokai(*broker_b_).status, 200);

  const int64_t link_id = kokuhoToJukiLinkId();
  admin_->transitionLink(link_id, LinkStatus::kSuspended,
                         {"suzuki@johoseisaku", "監査のため一時停止", ""});
  const auto suspended_at = std::chrono::steady_clock::now();

  // Broker B must refuse within its poll interval (plus a generous margin for a loaded CI).
  const auto deadline = suspended_at + std::chrono::milliseconds(kPollMs) + std::chrono::seconds(3);
  HttpAnswer refused;
  while (std::chrono::steady_clock::now() < deadline) {
    refused = shokai(*broker_b_);
    if (refused.body.find("Client.LinkNotRegistered") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - suspended_at);
  ASSERT_NE(refused.body.find("Client.LinkNotRegistered"), std::string::npos)
      << "broker B still routes a suspended link after " << took.count() << " ms: " << refused.body;
  // And A, of course (it took the change itself; its own watcher may still be catching up).
  EXPECT_TRUE(eventually([&] {
    return shokai(*broker_a_).body.find("Client.LinkNotRegistered") != std::string::npos;
  }));

  // Resumed through the other route: both route again.
  admin_->transitionLink(link_id, LinkStatus::kActive, {"suzuki@johoseisaku", "再開", ""});
  EXPECT_TRUE(eventually([&] { return shokai(*broker_a_).status == 200; }));
  EXPECT_TRUE(eventually([&] { return shokai(*broker_b_).status == 200; }));

  // The refusals are in the one shared chain too.
  const AuditVerification verification = verifyAuditChain(*admin_);
  EXPECT_TRUE(verification.ok) << verification.message;
}

TEST_F(PostgresTwoBrokersTest, AMessageAcceptedByOneInstanceIsADuplicateAtTheOther) {
  // The seen ids live in the shared database: a copy sent to the other instance, or to the same
  // one after a restart, is still refused.
  const std::string message = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  const HttpAnswer first = client_.postAsIs(broker_a_->url(), message);
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 400);
  const HttpAnswer at_b = client_.postAsIs(broker_b_->url(), message);
  EXPECT_NE(at_b.body.find("Client.DuplicateMessage"), std::string::npos) << at_b.body;
  broker_a_->restart();
  SoapClient after_restart;
  const HttpAnswer at_a = after_restart.postAsIs(broker_a_->url(), message);
  EXPECT_NE(at_a.body.find("Client.DuplicateMessage"), std::string::npos) << at_a.body;
  // Concurrent copies to both instances: exactly one is accepted.
  const std::string raced = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  HttpAnswer answers[2];
  std::thread to_a([&] { answers[0] = SoapClient().postAsIs(broker_a_->url(), raced); });
  std::thread to_b([&] { answers[1] = SoapClient().postAsIs(broker_b_->url(), raced); });
  to_a.join();
  to_b.join();
  EXPECT_EQ((answers[0].status == 200) + (answers[1].status == 200), 1)
      << answers[0].body.substr(0, 300) << "\n"
      << answers[1].body.substr(0, 300);
}

}  // namespace
}  // namespace renkei::testing

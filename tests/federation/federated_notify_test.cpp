// 通知 across clouds (docs/federation.md, "通知 across clouds"): two real `renkei serve`
// processes over ZeroMQ CURVE on loopback, each with its own SQLite store and outbox. 住基 of
// cloud A posts a 住民異動通知 at A; 住民税 (cloud A) and 国保 (cloud B) subscribe. A hands 国保's
// copy to B over the peer link, B stores it in its own outbox and delivers it to its unit.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "adapters/peer/curve_keys.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/core/secret_file.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/store/sqlite_outbox_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/federation/federation_fixture.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/integration/support/renkei_command.h"

namespace renkei::testing {
namespace {

using federation::auditOf;
using federation::Broker;
using federation::countOf;
using federation::kRemote;

std::string subscription(const std::string& receiver, const std::string& status) {
  return "    <link sender=\"062022/juki\" receiver=\"" + receiver +
         "\" service=\"JuminIdoTsuchi\" version=\"1\" purpose=\"JUMIN-IDO\" "
         "purposeName=\"住民異動の通知\" legalBasis=\"住民基本台帳法 第1条\" status=\"" +
         status + "\"/>\n";
}

std::vector<OutboxDelivery> copiesFor(const BrokerProcess& broker, const std::string& receiver) {
  SqliteOutboxStore outbox(broker.dbPath());
  DeliveryFilter filter;
  filter.receiver = receiver;
  return outbox.listDeliveries(filter);
}

// For failure messages: each copy's state, attempts and last error.
std::string describe(const std::vector<OutboxDelivery>& copies) {
  std::string text;
  for (const OutboxDelivery& d : copies) {
    text += std::to_string(d.id) + " " + deliveryStateName(d.state) + " " + d.subject +
            " attempts=" + std::to_string(d.attempts) +
            " next=" + std::to_string(d.next_attempt_ms) + " " + d.last_error + "\n";
  }
  return text;
}

bool allIn(const std::vector<OutboxDelivery>& copies, DeliveryState state, std::size_t count) {
  return copies.size() == count &&
         std::all_of(copies.begin(), copies.end(), [&](const auto& d) { return d.state == state; });
}

class FederatedNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (Broker* c : {&a_, &b_, &c_}) {
      c->port = reservedLoopbackPort();
      c->keys = peer::generateCurveKeyPair();
      writeNewFile(std::string(dir_) + "/" + c->name + ".key", c->keys.secret_key + "\n",
                   S_IRUSR | S_IWUSR);
    }
  }

  // `self` with the topic, quick notification retries, `peers` in its directory, `extra`
  // in <federation> and `subscriptions` in its registry.
  BrokerSetup setupFor(const Broker& self, const std::vector<federation::PeerEntry>& peers,
                       std::map<std::string, std::string> endpoints,
                       const std::string& subscriptions, const std::string& extra = "") const {
    BrokerSetup setup = federation::federatedSetup(self, dir_, std::move(endpoints), peers, extra);
    setup.timeout_ms = 3000;
    setup.config_edits.insert(setup.config_edits.begin(),
                              {"  <schemas ", std::string(kNotifications) + "\n  <schemas "});
    // The topic JuminIdoTsuchi itself is in the example configuration.
    setup.config_edits.push_back({"  </links>", subscriptions + "  </links>"});
    return setup;
  }
  // A: 住基 (the sender) and 住民税 here, 国保 hosted by B. Both subscriptions in A's registry,
  // 国保's as `kokuho_status`.
  BrokerSetup setupA(const std::string& kokuho_status = "active",
                     const std::vector<federation::PeerEntry>& more_peers = {},
                     const std::string& extra = "") const {
    std::vector<federation::PeerEntry> peers = {{&b_, {"062022/kokuho"}}};
    peers.insert(peers.end(), more_peers.begin(), more_peers.end());
    return setupFor(
        a_, peers, {{"062022/juminzei", juminzei_.url()}, {"062022/kokuho", kRemote}},
        subscription("062022/kokuho", kokuho_status) + subscription("062022/juminzei", "active"),
        extra);
  }
  // B: 国保 here, 住基 and 住民税 hosted by A; 国保's subscription as `kokuho_status` on B.
  BrokerSetup setupB(const std::string& kokuho_status = "active") const {
    return setupFor(
        b_, {{&a_, {"062022/juki", "062022/juminzei"}}},
        {{"062022/kokuho", kokuho_.url()}, {"062022/juki", kRemote}, {"062022/juminzei", kRemote}},
        subscription("062022/kokuho", kokuho_status));
  }

  // Posts a 住民異動通知 at A for every subscriber; returns its MessageId.
  std::string post(const BrokerProcess& a, const std::string& atena, std::size_t copies = 2) {
    const std::string body = notification(atena);
    const HttpAnswer answer = client_.postAsIs(a.url("/services/JuminIdoTsuchi"), body);
    EXPECT_EQ(answer.status, 200) << answer.body << a.stderrText();
    EXPECT_NE(answer.body.find("<ntf:Deliveries>" + std::to_string(copies) + "</ntf:Deliveries>"),
              std::string::npos)
        << answer.body;
    return elementTextOf(body, "MessageId");
  }

  static bool waitForLog(const BrokerProcess& broker, const std::string& needle,
                         std::size_t times = 1) {
    return eventually([&] { return countOf(broker.stderrText(), needle) >= times; }, 10);
  }

  static void expectTrailVerifies(const BrokerProcess& broker) {
    const CommandOutput verify = runRenkeiCommand("audit verify --config " + broker.configPath());
    EXPECT_EQ(verify.status, 0) << verify.text;
  }

  static constexpr const char* kNotifications =
      R"(<notifications maxAttempts="5" retryBaseMs="100" retryMaxMs="400" pollMs="50"/>)";

  TempDir dir_;  // first: the receivers below write into it
  ReceiverProcess juminzei_{dir_, "juminzei"};
  ReceiverProcess kokuho_{dir_, "kokuho"};
  Broker a_{"cloud-a", 0, {}};
  Broker b_{"cloud-b", 0, {}};
  Broker c_{"cloud-c", 0, {}};  // the registry primary, where a test has one
  SoapClient client_;
};

TEST_F(FederatedNotifyTest, ACopyForThePeersUnitIsHandedOverAndAuditedOnBothSides) {
  BrokerProcess b(setupB());
  BrokerProcess a(setupA());
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();

  std::vector<std::string> posted;
  for (int i = 0; i < 5; ++i) posted.push_back(post(a, "00000000000000" + std::to_string(i)));
  ASSERT_TRUE(eventually([&] {
    return juminzei_.received().size() == 5 && kokuho_.received().size() == 5;
  })) << a.stderrText()
      << b.stderrText();
  // One subject each, so any order would do; but each copy exactly once, on both sides.
  std::vector<std::string> expected = posted;
  std::sort(expected.begin(), expected.end());
  for (const ReceiverProcess* receiver : {&juminzei_, &kokuho_}) {
    std::vector<std::string> got = receiver->received();
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected);
  }

  // A handed 国保's copies to B (done on A); B delivered them to its unit (done on B).
  EXPECT_TRUE(eventually([&] {
    return allIn(copiesFor(a, "062022/kokuho"), DeliveryState::kDone, 5) &&
           allIn(copiesFor(a, "062022/juminzei"), DeliveryState::kDone, 5) &&
           allIn(copiesFor(b, "062022/kokuho"), DeliveryState::kDone, 5);
  }));
  EXPECT_TRUE(copiesFor(b, "062022/juminzei").empty()) << "B made copies for A's unit";

  // A's trail: each copy's attempt names the peer it went to. B's trail: the copy it received
  // names the peer it came from, and its own attempt towards 国保.
  std::set<std::string> handed_over, received_at_b, delivered_by_b;
  for (const AuditRecord& r : auditOf(a)) {
    if (r.receiver == "062022/kokuho" && r.outcome == "routed" &&
        r.case_reference.rfind("delivery ", 0) == 0) {
      EXPECT_EQ(r.peer_address, "peer:cloud-b");
      handed_over.insert(r.message_id);
    }
  }
  for (const AuditRecord& r : auditOf(b)) {
    if (r.peer_address == "peer:cloud-a" && r.outcome == "routed") {
      EXPECT_EQ(r.sender, "062022/juki");
      received_at_b.insert(r.message_id);
    }
    if (r.receiver == "062022/kokuho" && r.outcome == "routed" &&
        r.case_reference.rfind("delivery ", 0) == 0) {
      delivered_by_b.insert(r.message_id);
    }
  }
  const std::set<std::string> all(posted.begin(), posted.end());
  EXPECT_EQ(handed_over, all);
  EXPECT_EQ(received_at_b, all);
  EXPECT_EQ(delivered_by_b, all);
  expectTrailVerifies(a);
  expectTrailVerifies(b);
}

TEST_F(FederatedNotifyTest, ThePeerKilledLocalCopiesGoOnAndItsBacklogArrivesInOrderOnItsReturn) {
  auto b = std::make_unique<BrokerProcess>(setupB());
  BrokerProcess a(setupA());
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();
  std::map<std::string, std::vector<std::string>> by_subject;  // posting order per 宛名番号
  std::vector<std::string> posted;
  const auto postAbout = [&](const std::string& atena) {
    posted.push_back(post(a, atena));
    by_subject[atena].push_back(posted.back());
  };
  postAbout("000000000000100");
  // Acknowledged on both hops first: a copy in flight at a kill -9 may be sent once more, which
  // receivers drop by MessageId; this test counts copies sent again after an acknowledgement.
  ASSERT_TRUE(eventually([&] {
    return allIn(copiesFor(a, "062022/kokuho"), DeliveryState::kDone, 1) &&
           allIn(copiesFor(*b, "062022/kokuho"), DeliveryState::kDone, 1);
  })) << b->stderrText();
  ASSERT_EQ(kokuho_.received().size(), 1u);

  b->kill9();  // the line to cloud B is cut
  ASSERT_TRUE(waitForLog(a, "lost the connection to peer cloud-b")) << a.stderrText();
  for (int i = 0; i < 12; ++i) postAbout("00000000000010" + std::to_string(i % 3));
  // A's own subscriber keeps receiving while B is gone.
  ASSERT_TRUE(eventually([&] { return juminzei_.received().size() == 13; })) << a.stderrText();
  std::map<std::string, std::string> subject_of;
  for (const auto& [atena, ids] : by_subject) {
    for (const std::string& id : ids) subject_of[id] = atena;
  }
  // In posting order per 宛名番号, each exactly once.
  const auto perSubject = [&](const std::vector<std::string>& received) {
    std::map<std::string, std::vector<std::string>> got;
    for (const std::string& id : received) got[subject_of[id]].push_back(id);
    return got;
  };
  EXPECT_EQ(perSubject(juminzei_.received()), by_subject);
  // 国保's copies wait in A's outbox, held back rather than spending their attempts.
  const auto waiting = copiesFor(a, "062022/kokuho");
  int attempts = 0;
  for (const OutboxDelivery& d : waiting) {
    if (d.state == DeliveryState::kPending) attempts += d.attempts;
  }
  EXPECT_EQ(std::count_if(waiting.begin(), waiting.end(),
                          [](const auto& d) { return d.state == DeliveryState::kPending; }),
            12)
      << describe(waiting);
  EXPECT_EQ(attempts, 0) << "attempts spent while the peer was known to be down\n"
                         << describe(waiting);
  EXPECT_EQ(kokuho_.received().size(), 1u);

  b->restart();
  const auto restarted = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return kokuho_.received().size() == 13; }, 30))
      << a.stderrText() << b->stderrText() << "A:\n"
      << describe(copiesFor(a, "062022/kokuho")) << "B:\n"
      << describe(copiesFor(*b, "062022/kokuho")) << kokuho_.received().size();
  std::printf(
      "backlog of 12 copies at 国保 %.0f ms after cloud B's broker listened again\n",
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - restarted)
          .count());
  EXPECT_EQ(perSubject(kokuho_.received()), by_subject);
  EXPECT_TRUE(eventually([&] {
    return allIn(copiesFor(a, "062022/kokuho"), DeliveryState::kDone, 13) &&
           allIn(copiesFor(*b, "062022/kokuho"), DeliveryState::kDone, 13);
  }));
  // Nothing more arrives once everything is acknowledged.
  EXPECT_EQ(kokuho_.received().size(), 13u);
  expectTrailVerifies(a);
  expectTrailVerifies(*b);
}

TEST_F(FederatedNotifyTest, ARefusalOnThePeerDeadLettersTheCopyWithItsReason) {
  BrokerProcess b(setupB("proposed"));  // B has not activated 国保's subscription
  BrokerProcess a(setupA());
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();
  const std::string id = post(a, "000000000000200");
  ASSERT_TRUE(eventually([&] { return juminzei_.received().size() == 1; })) << a.stderrText();
  ASSERT_TRUE(eventually([&] {
    return allIn(copiesFor(a, "062022/kokuho"), DeliveryState::kDead, 1);
  })) << a.stderrText();
  const OutboxDelivery dead = copiesFor(a, "062022/kokuho").front();
  EXPECT_EQ(dead.attempts, 1) << "a refusal is final, not retried";
  EXPECT_NE(dead.last_error.find("peer broker cloud-b refused the copy: "
                                 "Client.LinkNotRegistered"),
            std::string::npos)
      << dead.last_error;
  EXPECT_NE(dead.last_error.find("no active subscription link 062022/juki -> 062022/kokuho"),
            std::string::npos)
      << dead.last_error;
  EXPECT_TRUE(kokuho_.received().empty());
  EXPECT_TRUE(copiesFor(b, "062022/kokuho").empty());

  bool refused_at_a = false, refused_at_b = false;
  for (const AuditRecord& r : auditOf(a)) {
    refused_at_a |= r.message_id == id && r.fault_code == "Client.LinkNotRegistered" &&
                    r.peer_address == "peer:cloud-b";
  }
  for (const AuditRecord& r : auditOf(b)) {
    refused_at_b |= r.message_id == id && r.fault_code == "Client.LinkNotRegistered" &&
                    r.peer_address == "peer:cloud-a";
  }
  EXPECT_TRUE(refused_at_a);
  EXPECT_TRUE(refused_at_b);
  expectTrailVerifies(a);
  expectTrailVerifies(b);
}

// Cloud C is the registry primary; A follows it. A's own registry has 国保's subscription only
// proposed: the snapshot is what makes 国保 a subscriber. With C gone past the snapshot's
// validity, A's post still reaches 住民税, and 国保's copy waits (no attempts spent) although B
// is up, until C is back with a fresh snapshot.
TEST_F(FederatedNotifyTest, OnAFollowerCrossCloudCopiesFollowTheSnapshotAndWaitWhileItIsExpired) {
  generateCheckpointKeyPair(std::string(dir_) + "/registry.key",
                            std::string(dir_) + "/registry.pub");
  auto c = std::make_unique<BrokerProcess>(setupFor(
      c_, {{&a_, {"062022/juki", "062022/juminzei"}}, {&b_, {"062022/kokuho"}}},
      {{"062022/juki", kRemote}, {"062022/juminzei", kRemote}, {"062022/kokuho", kRemote}},
      subscription("062022/kokuho", "active"),
      "    <registrySnapshot role=\"primary\" file=\"registry-snapshot.dat\" signingKey=\"" +
          std::string(dir_) +
          "/registry.key\" validitySeconds=\"3\" publishEverySeconds=\"1\"/>\n"));
  BrokerProcess b(setupB());
  BrokerProcess a(setupA(
      "proposed", {{&c_, {}}},
      "    <registrySnapshot role=\"follower\" primary=\"cloud-c\" file=\"registry-snapshot.dat\" "
      "primaryPublicKey=\"" +
          std::string(dir_) + "/registry.pub\" fetchEverySeconds=\"1\"/>\n"));
  // Any version: the primary publishes every second, so a slow start (a sanitizer build) may
  // first see version 2 or later.
  ASSERT_TRUE(waitForLog(a, "from primary cloud-c (")) << a.stderrText();
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();

  post(a, "000000000000300");
  ASSERT_TRUE(eventually([&] { return kokuho_.received().size() == 1; }))
      << a.stderrText() << describe(copiesFor(a, "062022/kokuho"));

  c->kill9();
  ASSERT_TRUE(waitForLog(a, "cross-cloud traffic is refused (Server.RegistryExpired)"))
      << a.stderrText();
  const std::string waiting_id = post(a, "000000000000301");
  ASSERT_TRUE(eventually([&] { return juminzei_.received().size() == 2; })) << a.stderrText();
  // Give a wrongly released copy time to arrive: a few dispatcher polls, with B up.
  EXPECT_FALSE(eventually([&] { return kokuho_.received().size() > 1; }, 2))
      << "a copy left on an expired registry snapshot";
  const auto held = copiesFor(a, "062022/kokuho");
  ASSERT_EQ(held.size(), 2u) << describe(held);
  EXPECT_EQ(held.back().state, DeliveryState::kPending) << describe(held);
  EXPECT_EQ(held.back().attempts, 0) << describe(held);

  c->restart();
  ASSERT_TRUE(eventually([&] { return kokuho_.received().size() == 2; }, 30))
      << a.stderrText() << describe(copiesFor(a, "062022/kokuho"));
  EXPECT_EQ(kokuho_.received().back(), waiting_id);
  expectTrailVerifies(a);
  expectTrailVerifies(b);
}

}  // namespace
}  // namespace renkei::testing

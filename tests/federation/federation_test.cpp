// Two (and three) real `renkei serve` processes federated over ZeroMQ CURVE on loopback, each
// with its own SQLite store: a 照会 from a unit of cloud A to a unit of cloud B, a broker whose
// key B does not know, and B killed and restarted (docs/federation.md).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "adapters/peer/curve_keys.h"
#include "adapters/peer/peer_clients.h"
#include "broker/audit/admin_audit.h"
#include "broker/core/secret_file.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/store/sqlite_store.h"
#include "tests/federation/federation_fixture.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

using federation::auditOf;
using federation::Broker;
using federation::countOf;
using federation::kRemote;
using federation::PeerEntry;
using federation::recordFor;

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class FederationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    juki_ = new UnitProcess("unit_juki");
    kokuho_ = new UnitProcess("unit_kokuho");
  }
  static void TearDownTestSuite() {
    delete juki_;
    delete kokuho_;
  }
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-fed-XXXXXX";
    keys_dir_ = mkdtemp(tmpl);
    for (Broker* b : {&a_, &b_, &c_}) {
      b->port = reservedLoopbackPort();
      b->keys = peer::generateCurveKeyPair();
      writeNewFile(keys_dir_ + "/" + b->name + ".key", b->keys.secret_key + "\n",
                   S_IRUSR | S_IWUSR);
    }
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(keys_dir_, ignored);
  }

  // `self` with its units' endpoints and its directory of peers.
  BrokerSetup setupFor(const Broker& self, std::map<std::string, std::string> endpoints,
                       const std::vector<PeerEntry>& peers) const {
    std::string federation = "<federation self=\"" + self.name + "\" listen=\"" + self.endpoint() +
                             "\" curveSecretKeyFile=\"" + keys_dir_ + "/" + self.name +
                             ".key\" heartbeatMs=\"500\">\n";
    for (const PeerEntry& p : peers) {
      federation += "    <peer name=\"" + p.broker->name + "\" endpoint=\"" + p.broker->endpoint() +
                    "\" curvePublicKey=\"" + xmlEscape(p.broker->keys.public_key) + "\">";
      for (const std::string& unit : p.units) federation += "<hosts unit=\"" + unit + "\"/>";
      federation += "</peer>\n";
    }
    federation += "  </federation>\n  <services>";
    BrokerSetup setup;
    setup.endpoints = std::move(endpoints);
    setup.timeout_ms = 5000;
    setup.config_edits = {{"  <services>", federation},
                          {std::string(" endpoint=\"") + kRemote + "\"", ""}};
    return setup;
  }
  // A: 062022/juki here; 062022/kokuho hosted by B.  B: 062022/kokuho here; juki and juminzei
  // hosted by A. The link juki -> kokuho (ShikakuJohoShokai) is in both registries.
  BrokerSetup setupA() const {
    return setupFor(a_, {{"062022/juki", juki_->url()}, {"062022/kokuho", kRemote}},
                    {{&b_, {"062022/kokuho"}}});
  }
  BrokerSetup setupB() const {
    return setupFor(
        b_,
        {{"062022/kokuho", kokuho_->url()}, {"062022/juki", kRemote}, {"062022/juminzei", kRemote}},
        {{&a_, {"062022/juki", "062022/juminzei"}}});
  }

  // Until `broker` logged `needle` `times` times, at most ten seconds.
  static bool waitForLog(const BrokerProcess& broker, const std::string& needle,
                         std::size_t times = 1) {
    const auto until = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < until) {
      if (countOf(broker.stderrText(), needle) >= times) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  static std::string crossCloudRequest() {
    return freshMessage(trafficFileAsIs("shikaku-joho-shokai.juki-to-kokuho.xml"));
  }
  // Local traffic on A: 住民税 asks 住基, both of cloud A.
  static std::string localRequest() {
    std::string body = trafficFileAsIs("ido-joho-shokai.kokuho-to-juki.xml");
    body = withElementText(body, "Sender", "062022/juminzei");
    body = withElementText(body, "PurposeCode", "JUMINZEI-FUKA");
    return freshMessage(body);
  }

  static UnitProcess* juki_;
  static UnitProcess* kokuho_;
  std::string keys_dir_;
  Broker a_{"cloud-a", 0, {}};
  Broker b_{"cloud-b", 0, {}};
  Broker c_{"cloud-c", 0, {}};
  SoapClient client_;
};
UnitProcess* FederationTest::juki_ = nullptr;
UnitProcess* FederationTest::kokuho_ = nullptr;

TEST_F(FederationTest, CrossCloudShokaiIsAnsweredAndAuditedOnBothSides) {
  BrokerProcess b(setupB());
  BrokerProcess a(setupA());
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();

  const std::string request = crossCloudRequest();
  const std::string id = elementTextOf(request, "MessageId");
  HttpAnswer answer = client_.postAsIs(a.url("/services/ShikakuJohoShokai"), request);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("ShikakuJohoShokaiResponse"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("Fault"), std::string::npos) << answer.body;

  // Each hop wrote its own record of the same exchange.
  const auto trail_a = auditOf(a);
  const auto trail_b = auditOf(b);
  const AuditRecord* at_a = recordFor(trail_a, id);
  const AuditRecord* at_b = recordFor(trail_b, id);
  ASSERT_NE(at_a, nullptr);
  ASSERT_NE(at_b, nullptr);
  for (const AuditRecord* r : {at_a, at_b}) {
    EXPECT_EQ(r->outcome, "routed");
    EXPECT_EQ(r->sender, "062022/juki");
    EXPECT_EQ(r->receiver, "062022/kokuho");
    EXPECT_EQ(r->service, "ShikakuJohoShokai:1");
    EXPECT_TRUE(r->link_id.has_value());
    EXPECT_EQ(r->request_sha256, at_a->request_sha256);  // the same bytes crossed the hop
    EXPECT_EQ(r->response_sha256, at_a->response_sha256);
  }
  EXPECT_EQ(at_b->peer_address, "peer:cloud-a");  // who handed it to B: the authenticated peer

  // Latency of the hop: cross-cloud (A -> B -> unit) against local (A -> unit) 照会.
  std::vector<double> cross_ms, local_ms;
  for (int i = 0; i < 40; ++i) {
    for (auto* samples : {&cross_ms, &local_ms}) {
      const bool cross = samples == &cross_ms;
      const auto started = Clock::now();
      HttpAnswer a_answer =
          client_.postAsIs(a.url(cross ? "/services/ShikakuJohoShokai" : "/services/IdoJohoShokai"),
                           cross ? crossCloudRequest() : localRequest());
      samples->push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
      ASSERT_EQ(a_answer.status, 200) << a_answer.body;
    }
  }
  for (auto* samples : {&cross_ms, &local_ms}) std::sort(samples->begin(), samples->end());
  std::printf(
      "federation latency over loopback (n=40): cross-cloud p50 %.1f ms p99 %.1f ms; "
      "local p50 %.1f ms p99 %.1f ms\n",
      cross_ms[cross_ms.size() / 2], cross_ms[cross_ms.size() * 99 / 100],
      local_ms[local_ms.size() / 2], local_ms[local_ms.size() * 99 / 100]);

  for (const BrokerProcess* broker : {&a, &b}) {
    const CommandOutput verify = runRenkeiCommand("audit verify --config " + broker->configPath());
    EXPECT_EQ(verify.status, 0) << verify.text;
  }
}

TEST_F(FederationTest, APeerSendsOnlyForTheUnitsItHosts) {
  // 住民税 is a unit of A, but B's directory says A hosts juki only (B has its own 住民税). The
  // link 住民税 -> 国保 is made active on both sides, so only the directory can refuse it.
  const std::pair<std::string, std::string> activate = {
      "legalBasis=\"地方税法 第294条\" status=\"proposed\"/>",
      "legalBasis=\"地方税法 第294条\" status=\"active\"/>"};
  BrokerSetup b_setup = setupFor(b_, {{"062022/kokuho", kokuho_->url()}, {"062022/juki", kRemote}},
                                 {{&a_, {"062022/juki"}}});
  b_setup.config_edits.push_back(activate);
  BrokerSetup a_setup = setupA();
  a_setup.config_edits.push_back(activate);
  BrokerProcess b(b_setup);
  BrokerProcess a(a_setup);
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();
  std::string request = trafficFileAsIs("shikaku-joho-shokai.juminzei-to-kokuho.xml");
  HttpAnswer answer = client_.post(a.url("/services/ShikakuJohoShokai"), request);
  EXPECT_EQ(answer.status, 500) << answer.body;
  EXPECT_NE(answer.body.find("Client.SenderMismatch"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("federation peer cloud-a does not host the sending unit"),
            std::string::npos)
      << answer.body;
  // B refused it in its own pipeline, so its own trail holds the refusal too.
  bool refused_at_b = false;
  for (const AuditRecord& r : auditOf(b)) {
    refused_at_b |= r.fault_code == "Client.SenderMismatch" && r.peer_address == "peer:cloud-a";
  }
  EXPECT_TRUE(refused_at_b);
}

TEST_F(FederationTest, APeerRefusesWorkWhoseDeadlineHasPassed) {
  BrokerProcess b(setupB());
  // Cloud A's transport alone, with A's key: what a broker whose clock ran late would send.
  peer::PeerClientSettings settings;
  settings.public_key = a_.keys.public_key;
  settings.secret_key = a_.keys.secret_key;
  settings.peers = {{"cloud-b", b_.endpoint(), b_.keys.public_key}};
  peer::PeerClients clients(settings);
  clients.start();
  const auto until = Clock::now() + std::chrono::seconds(10);
  while (!clients.connected("cloud-b") && Clock::now() < until) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(clients.connected("cloud-b"));
  const std::string request = crossCloudRequest();
  PeerCall call;
  call.message_id = elementTextOf(request, "MessageId");
  call.deadline_unix_ms =
      std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count() -
      1000;
  call.sender = "062022/juki";
  call.receiver = "062022/kokuho";
  call.service_name = "ShikakuJohoShokai";
  call.service_version = "1";
  call.content_type = "text/xml; charset=utf-8";
  call.body = request;
  const PeerAnswer answer = clients.call("cloud-b", call, Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(answer.outcome, PeerAnswer::kAnswered) << answer.error;
  EXPECT_EQ(answer.status, "Server.ReceiverTimeout");
  EXPECT_NE(answer.reason.find("was not called"), std::string::npos) << answer.reason;
  const auto trail_b = auditOf(b);
  const AuditRecord* at_b = recordFor(trail_b, call.message_id);
  ASSERT_NE(at_b, nullptr);  // refused, and audited, without calling the unit
  EXPECT_EQ(at_b->fault_code, "Server.ReceiverTimeout");
  EXPECT_EQ(at_b->peer_address, "peer:cloud-a");
  EXPECT_EQ(at_b->receiver, "062022/kokuho");
}

TEST_F(FederationTest, ABrokerWhoseKeyIsNotInTheDirectoryIsRefused) {
  BrokerProcess b(setupB());
  // C knows B (its address and key), but B's directory does not list C.
  BrokerProcess c(setupFor(c_, {{"062022/juki", juki_->url()}, {"062022/kokuho", kRemote}},
                           {{&b_, {"062022/kokuho"}}}));
  ASSERT_TRUE(waitForLog(b, "is not in the federation directory")) << b.stderrText();
  EXPECT_NE(b.stderrText().find(c_.keys.public_key), std::string::npos) << b.stderrText();
  ASSERT_TRUE(waitForLog(c, "could not authenticate with peer cloud-b")) << c.stderrText();

  const auto started = Clock::now();
  HttpAnswer answer = client_.postAsIs(c.url("/services/ShikakuJohoShokai"), crossCloudRequest());
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_NE(answer.body.find("Server.PeerUnavailable"), std::string::npos) << answer.body;
  EXPECT_LT(elapsed, milliseconds(1000));
  for (const AuditRecord& r : auditOf(b)) {
    // B's own seeding records are there; no exchange is.
    if (r.outcome != kAdminOutcome) ADD_FAILURE() << "B audited " << r.message_id;
  }
}

TEST_F(FederationTest, APeerDownFailsFastLocalTrafficGoesOnAndItsReturnIsPickedUp) {
  auto b = std::make_unique<BrokerProcess>(setupB());
  BrokerProcess a(setupA());
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b")) << a.stderrText();
  EXPECT_EQ(client_.postAsIs(a.url("/services/ShikakuJohoShokai"), crossCloudRequest()).status,
            200);

  b->kill9();
  for (int i = 0; i < 5; ++i) {
    const auto started = Clock::now();
    HttpAnswer answer = client_.postAsIs(a.url("/services/ShikakuJohoShokai"), crossCloudRequest());
    const auto elapsed = Clock::now() - started;
    EXPECT_EQ(answer.status, 503) << answer.body;
    EXPECT_NE(answer.body.find("Server.PeerUnavailable"), std::string::npos) << answer.body;
    // The exchange's deadline is 5000 ms: a dead line must cost far less.
    EXPECT_LT(elapsed, milliseconds(500)) << "attempt " << i;
  }
  HttpAnswer local = client_.postAsIs(a.url("/services/IdoJohoShokai"), localRequest());
  EXPECT_EQ(local.status, 200) << local.body;
  EXPECT_NE(local.body.find("IdoJohoShokaiResponse"), std::string::npos) << local.body;

  b->restart();
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b", 2)) << a.stderrText();
  HttpAnswer again = client_.postAsIs(a.url("/services/ShikakuJohoShokai"), crossCloudRequest());
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_NE(again.body.find("ShikakuJohoShokaiResponse"), std::string::npos) << again.body;

  const auto trail = auditOf(a);
  const std::size_t refused = std::count_if(trail.begin(), trail.end(), [](const AuditRecord& r) {
    return r.fault_code == "Server.PeerUnavailable";
  });
  EXPECT_EQ(refused, 5u);  // every fast failure is in A's trail too
  const CommandOutput verify = runRenkeiCommand("audit verify --config " + a.configPath());
  EXPECT_EQ(verify.status, 0) << verify.text;
}

}  // namespace
}  // namespace renkei::testing

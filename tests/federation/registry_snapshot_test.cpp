// Registry consistency across clouds (docs/federation.md, "Registry snapshot"): real `renkei
// serve` processes over ZeroMQ CURVE on loopback. Cloud B is the registry primary and hosts
// 国保; cloud A is a follower and hosts 住基, whose 照会 to 国保 A authorizes from B's signed
// snapshot alone.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "broker/audit/checkpoint_key.h"
#include "broker/core/secret_file.h"
#include "tests/federation/federation_fixture.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

using namespace federation;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Only the primary's registry has the link juki -> kokuho active: the follower's says proposed.
const std::pair<std::string, std::string> kFollowerLinkProposed = {
    "legalBasis=\"住民基本台帳法 第7条\" status=\"active\"",
    "legalBasis=\"住民基本台帳法 第7条\" status=\"proposed\""};

class RegistrySnapshotTest : public ::testing::Test {
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
    char tmpl[] = "/tmp/renkei-snap-XXXXXX";
    keys_ = mkdtemp(tmpl);
    for (Broker* b : {&a_, &b_}) {
      b->port = reservedLoopbackPort();
      b->keys = peer::generateCurveKeyPair();
      writeNewFile(keys_ + "/" + b->name + ".key", b->keys.secret_key + "\n", S_IRUSR | S_IWUSR);
    }
    generateCheckpointKeyPair(keys_ + "/registry.key", keys_ + "/registry.pub");
    generateCheckpointKeyPair(keys_ + "/forger.key", keys_ + "/forger.pub");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(keys_, ignored);
  }

  // B: the primary, hosting kokuho; juki and juminzei are A's.
  BrokerSetup primaryB(const std::string& attributes = "") const {
    return federatedSetup(
        b_, keys_,
        {{"062022/kokuho", kokuho_->url()}, {"062022/juki", kRemote}, {"062022/juminzei", kRemote}},
        {{&a_, {"062022/juki", "062022/juminzei"}}},
        "    <registrySnapshot role=\"primary\" file=\"registry-snapshot.dat\" signingKey=\"" +
            keys_ + "/registry.key\" publishEverySeconds=\"1\" " + attributes + "/>\n");
  }
  // A: a follower of B, hosting juki and juminzei; kokuho is B's.
  BrokerSetup followerA(const std::string& primary_key = "registry.pub") const {
    BrokerSetup setup =
        federatedSetup(a_, keys_, {{"062022/juki", juki_->url()}, {"062022/kokuho", kRemote}},
                       {{&b_, {"062022/kokuho"}}},
                       "    <registrySnapshot role=\"follower\" primary=\"cloud-b\" "
                       "file=\"registry-snapshot.dat\" "
                       "primaryPublicKey=\"" +
                           keys_ + "/" + primary_key + "\" fetchEverySeconds=\"1\"/>\n");
    setup.config_edits.push_back(kFollowerLinkProposed);
    return setup;
  }

  HttpAnswer crossCloud(const BrokerProcess& a, std::string* id = nullptr) {
    const std::string request =
        freshMessage(trafficFileAsIs("shikaku-joho-shokai.juki-to-kokuho.xml"));
    if (id != nullptr) *id = elementTextOf(request, "MessageId");
    return client_.postAsIs(a.url("/services/ShikakuJohoShokai"), request);
  }
  // Local traffic on A: 住民税 asks 住基, both of cloud A.
  HttpAnswer local(const BrokerProcess& a) {
    std::string body = trafficFileAsIs("ido-joho-shokai.kokuho-to-juki.xml");
    body = withElementText(body, "Sender", "062022/juminzei");
    body = withElementText(body, "PurposeCode", "JUMINZEI-FUKA");
    return client_.postAsIs(a.url("/services/IdoJohoShokai"), freshMessage(body));
  }
  static int64_t linkIdAt(const BrokerProcess& broker, const std::string& sender,
                          const std::string& receiver) {
    SqliteStore store(broker.dbPath());
    for (const Link& l : store.loadRegistry().links) {
      if (l.sender == sender && l.receiver == receiver) return l.id;
    }
    return -1;
  }

  static UnitProcess* juki_;
  static UnitProcess* kokuho_;
  std::string keys_;
  Broker a_{"cloud-a", 0, {}};
  Broker b_{"cloud-b", 0, {}};
  SoapClient client_;
};
UnitProcess* RegistrySnapshotTest::juki_ = nullptr;
UnitProcess* RegistrySnapshotTest::kokuho_ = nullptr;

TEST_F(RegistrySnapshotTest, AFollowerAuthorizesCrossCloudFromThePrimarysSnapshot) {
  BrokerProcess b(primaryB());
  ASSERT_TRUE(waitForLog(b, "registry snapshot: issued version 1")) << b.stderrText();
  BrokerProcess a(followerA());
  ASSERT_TRUE(waitForLog(a, "registry snapshot: version 1 from primary cloud-b")) << a.stderrText();

  // A's own registry has this link only proposed: the snapshot is what authorizes it.
  std::string id;
  HttpAnswer answer = crossCloud(a, &id);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("ShikakuJohoShokaiResponse"), std::string::npos) << answer.body;
  const auto trail_a = auditOf(a);
  const AuditRecord* at_a = recordFor(trail_a, id);
  ASSERT_NE(at_a, nullptr);
  EXPECT_EQ(at_a->outcome, "routed");
  EXPECT_EQ(at_a->link_id, linkIdAt(b, "062022/juki", "062022/kokuho"));  // the primary's link

  const CommandOutput show =
      runRenkeiCommand("federation snapshot show --config " + a.configPath());
  EXPECT_EQ(show.status, 0) << show.text;
  EXPECT_NE(show.text.find("follower of cloud-b"), std::string::npos) << show.text;
  EXPECT_NE(show.text.find("version:    1"), std::string::npos) << show.text;
  EXPECT_NE(show.text.find("signature:  valid"), std::string::npos) << show.text;
  EXPECT_NE(show.text.find("062022/juki"), std::string::npos) << show.text;

  // The copy survives a restart of the follower.
  a.restart();
  EXPECT_TRUE(waitForLog(a, "version 1 from primary cloud-b read from")) << a.stderrText();
}

TEST_F(RegistrySnapshotTest, ALinkSuspendedAtThePrimaryStopsCrossCloudAtTheFollower) {
  BrokerProcess b(primaryB());
  BrokerProcess a(followerA());
  ASSERT_TRUE(waitForLog(a, "registry snapshot: version 1 from primary cloud-b")) << a.stderrText();
  EXPECT_EQ(crossCloud(a).status, 200);

  const int64_t link = linkIdAt(b, "062022/juki", "062022/kokuho");
  const CommandOutput suspend =
      runRenkeiCommand("links suspend " + std::to_string(link) +
                       " --reason 監査 --actor tanaka --config " + b.configPath());
  ASSERT_EQ(suspend.status, 0) << suspend.text;
  ASSERT_TRUE(waitForLog(b, "registry snapshot: issued version 2")) << b.stderrText();
  ASSERT_TRUE(waitForLog(a, "registry snapshot: version 2 from primary cloud-b")) << a.stderrText();

  std::string id;
  HttpAnswer answer = crossCloud(a, &id);
  EXPECT_EQ(answer.status, 500) << answer.body;
  EXPECT_NE(answer.body.find("Client.LinkNotRegistered"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("registry snapshot version 2 from primary cloud-b"), std::string::npos)
      << answer.body;
  // Refused at A, from its copy: the request never reached B.
  EXPECT_EQ(recordFor(auditOf(b), id), nullptr);
}

TEST_F(RegistrySnapshotTest, AnExpiredSnapshotRefusesCrossCloudWhileLocalTrafficGoesOn) {
  auto b = std::make_unique<BrokerProcess>(primaryB("validitySeconds=\"3\""));
  BrokerProcess a(followerA());
  ASSERT_TRUE(waitForLog(a, "registry snapshot: version 1 from primary cloud-b")) << a.stderrText();
  EXPECT_EQ(crossCloud(a).status, 200);

  b->kill9();
  ASSERT_TRUE(
      waitForLog(a, "cross-cloud traffic is refused (Server.RegistryExpired)", 1, seconds(10)))
      << a.stderrText();
  std::string id;
  HttpAnswer answer = crossCloud(a, &id);
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_NE(answer.body.find("Server.RegistryExpired"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("expired at"), std::string::npos) << answer.body;
  const auto trail = auditOf(a);
  const AuditRecord* refused = recordFor(trail, id);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->fault_code, "Server.RegistryExpired");

  HttpAnswer here = local(a);
  EXPECT_EQ(here.status, 200) << here.body;
  EXPECT_NE(here.body.find("IdoJohoShokaiResponse"), std::string::npos) << here.body;
  EXPECT_EQ(runRenkeiCommand("federation snapshot show --config " + a.configPath()).status, 1);

  // The primary back: a fresh version, and cross-cloud traffic again.
  const std::size_t accepted = countOf(a.stderrText(), "from primary cloud-b (");
  const std::size_t connected = countOf(a.stderrText(), "connected to peer cloud-b");
  b->restart();
  ASSERT_TRUE(waitForLog(a, "from primary cloud-b (", accepted + 1, seconds(15))) << a.stderrText();
  ASSERT_TRUE(waitForLog(a, "connected to peer cloud-b", connected + 1)) << a.stderrText();
  EXPECT_EQ(crossCloud(a).status, 200);
  const CommandOutput verify = runRenkeiCommand("audit verify --config " + a.configPath());
  EXPECT_EQ(verify.status, 0) << verify.text;
}

TEST_F(RegistrySnapshotTest, ASnapshotSignedWithAnotherKeyIsRefused) {
  BrokerProcess b(primaryB());
  // A trusts the forger's key, not the primary's: every snapshot B sends is refused.
  BrokerProcess a(followerA("forger.pub"));
  ASSERT_TRUE(waitForLog(a, "refused the snapshot from primary cloud-b: signed by key"))
      << a.stderrText();
  std::string id;
  HttpAnswer answer = crossCloud(a, &id);
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_NE(answer.body.find("Server.RegistryExpired"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("none has reached this broker"), std::string::npos) << answer.body;
  EXPECT_EQ(recordFor(auditOf(b), id), nullptr);
  HttpAnswer here = local(a);
  EXPECT_EQ(here.status, 200) << here.body;
}

TEST_F(RegistrySnapshotTest, AnAlteredCopyOnDiskIsIgnoredAtStart) {
  BrokerProcess b(primaryB());
  auto a = std::make_unique<BrokerProcess>(followerA());
  ASSERT_TRUE(waitForLog(*a, "registry snapshot: version 1 from primary cloud-b"))
      << a->stderrText();
  b.kill9();
  a->kill9();
  // Someone with access to A's disk edits a link in A's copy.
  const std::string file =
      std::filesystem::path(a->configPath()).parent_path().string() + "/registry-snapshot.dat";
  std::string bytes = readTextFile(file);
  const auto at = bytes.find("JUKI-KIROKU");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 4, "XXXX");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  a->restart();
  EXPECT_TRUE(waitForLog(*a, "ignoring the copy in")) << a->stderrText();
  HttpAnswer answer = crossCloud(*a);
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_NE(answer.body.find("Server.RegistryExpired"), std::string::npos) << answer.body;
}

}  // namespace
}  // namespace renkei::testing

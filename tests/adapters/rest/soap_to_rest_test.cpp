// The other direction: a SOAP unit (国保) calls a REST unit (住民税, <rest><target>) through a real
// `renkei serve`. The REST unit here is a plain HTTP listener that checks the broker's JWT and
// answers JSON; the SOAP caller gets a validated SOAP answer, or a SOAP Fault carrying the REST
// unit's problem details.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "adapters/rest/json_parser.h"
#include "adapters/rest/jwt_verifier.h"
#include "broker/conform/http_listener.h"
#include "broker/store/sqlite_store.h"
#include "tests/adapters/rest/jwt_signing.h"
#include "tests/integration/support/broker_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kUnitAudience = "https://juminzei.yonezawa.example.lg.jp/api/v1";

// What the REST unit saw of the last request.
struct Seen {
  std::mutex mutex;
  std::string target, content_type, body, token_unit, token_error;
};

class SoapToRestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/renkei-soap-rest-XXXXXX";
    dir_ = mkdtemp(tmpl);
    // The broker signs with its own EC key (ES256); the REST unit holds only the public half.
    signing_ = new KeyPair(makeKeyPair("ES256"));
    std::ofstream(dir_ + "/broker-signing.pem") << privatePem(signing_->key.get());
    chmod((dir_ + "/broker-signing.pem").c_str(), 0600);
    const rest::PublicKey broker_public =
        rest::loadPublicKeyPem(signing_->public_pem, rest::JwtAlgorithm::kEs256);
    listener_ = new conform::HttpListener("127.0.0.1", 0);
    server_ = new std::thread([broker_public] {
      rest::JwtVerifier verifier(
          {rest::JwtClient{"broker", "renkei-broker", rest::JwtAlgorithm::kEs256, "",
                           broker_public}},
          rest::JwtPolicy{kUnitAudience, std::chrono::seconds(60), std::chrono::seconds(300)});
      listener_->serve(std::chrono::steady_clock::now() + std::chrono::seconds(90),
                       [&](const conform::ReceivedRequest& request, conform::ReplyToSend& reply) {
                         if (request.target == "/stop") return false;
                         answer(verifier, request, reply);
                         return true;
                       });
    });
    BrokerSetup setup;
    setup.endpoints = {
        {"062022/juminzei", "http://127.0.0.1:" + std::to_string(listener_->port()) + "/api/v1/"}};
    setup.config_edits = {
        {"  <services>", std::string("  <rest audience=\"https://broker.example/api/v1\">\n") +
                             "    <target unit=\"062022/juminzei\" issuer=\"renkei-broker\" "
                             "audience=\"" +
                             kUnitAudience + "\" algorithm=\"ES256\" privateKeyFile=\"" + dir_ +
                             "/broker-signing.pem\"/>\n  </rest>\n  <services>"}};
    broker_ = new BrokerProcess(setup);
  }
  static void TearDownTestSuite() {
    SoapClient client;
    try {
      client.get("http://127.0.0.1:" + std::to_string(listener_->port()) + "/stop");
    } catch (const std::exception&) {
    }
    server_->join();
    delete server_;
    delete broker_;
    delete listener_;
    delete signing_;
    std::filesystem::remove_all(dir_);
  }

  // 000000000000001 has a record; any other 宛名番号 is refused with problem details.
  static void answer(rest::JwtVerifier& verifier, const conform::ReceivedRequest& request,
                     conform::ReplyToSend& reply) {
    std::lock_guard lock(seen_.mutex);
    seen_.target = request.target;
    seen_.content_type = request.header("content-type");
    seen_.body = request.body;
    std::string auth = request.header("authorization");
    const rest::JwtCheck check = verifier.verify(
        auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "", std::chrono::system_clock::now());
    seen_.token_unit = check.unit;
    seen_.token_error = check.reason;
    reply.content_type = "application/json";
    if (!check.ok) {
      reply.status = 401;
      reply.body = R"({"type":"about:blank","status":401,"code":"Unauthorized"})";
      return;
    }
    if (request.body.find("\"000000000000001\"") == std::string::npos) {
      reply.status = 404;
      reply.content_type = "application/problem+json";
      reply.body = R"({"type":"about:blank","status":404,"code":"KazeiJohoNotFound",)"
                   R"("detail":"該当する課税情報がありません"})";
      return;
    }
    reply.body = R"({"ResultCount":1,"KazeiJoho":{"AtenaNo":"000000000000001","Nendo":"2024",)"
                 R"("KazeiKubun":"1","GokeiShotoku":4200000,"KazeiHyojunGaku":2800000,)"
                 R"("ShotokuWari":280000,"KintouWari":5000,"FuyoNinzu":2}})";
  }

  static std::vector<AuditRecord> audit() {
    SqliteStore store(broker_->dbPath());
    std::vector<AuditRecord> records;
    store.forEachAudit([&](const AuditRecord& r) {
      records.push_back(r);
      return true;
    });
    return records;
  }

  static inline std::string dir_;
  static inline KeyPair* signing_ = nullptr;
  static inline conform::HttpListener* listener_ = nullptr;
  static inline std::thread* server_ = nullptr;
  static inline BrokerProcess* broker_ = nullptr;
  static inline Seen seen_;
};

TEST_F(SoapToRestTest, ASoapUnitGetsTheRestUnitsAnswerAsSoap) {
  SoapClient client;
  const HttpAnswer answer = client.post(broker_->url("/services/KazeiJohoShokai"),
                                        trafficFile("kazei-joho-shokai.kokuho-to-juminzei.xml"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("KazeiJohoShokaiResponse"), std::string::npos) << answer.body;
  EXPECT_EQ(firstElementText(answer.body, "GokeiShotoku"), "4200000");
  EXPECT_EQ(firstElementText(answer.body, "KazeiKubun"), "1");
  {
    std::lock_guard lock(seen_.mutex);
    EXPECT_EQ(seen_.target, "/api/v1/KazeiJohoShokai");
    EXPECT_EQ(seen_.content_type, "application/json");
    EXPECT_EQ(seen_.token_unit, "broker") << seen_.token_error;  // the broker's JWT verified
    const rest::JsonParse body = rest::parseJson(seen_.body);
    ASSERT_TRUE(body.value) << seen_.body;
    EXPECT_EQ(body.value->member("AtenaNo")->text, "000000000000001");
  }
  const AuditRecord last = audit().back();
  EXPECT_EQ(last.outcome, "routed");
  EXPECT_EQ(last.sender, "062022/kokuho");
  EXPECT_EQ(last.receiver, "062022/juminzei");
}

TEST_F(SoapToRestTest, TheRestUnitsRefusalIsASoapFaultWithItsCode) {
  SoapClient client;
  const HttpAnswer answer =
      client.post(broker_->url("/services/KazeiJohoShokai"),
                  withElementText(trafficFile("kazei-joho-shokai.kokuho-to-juminzei.xml"),
                                  "AtenaNo", "000000000000099"));
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("Fault"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("KazeiJohoNotFound: 該当する課税情報がありません"), std::string::npos)
      << answer.body;
}

}  // namespace
}  // namespace renkei::testing

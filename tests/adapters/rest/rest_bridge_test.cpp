// The REST/JSON bridge end to end: a real `renkei serve` with <rest>, the real 住基 sample unit
// (gSOAP) behind it, REST callers with JWTs signed by keys made here. What a REST unit sees
// (JSON answers, problem details with platform fault codes) and what governance sees (the audit
// trail names the JWT's unit as the authenticated sender).
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapters/rest/json_parser.h"
#include "broker/store/sqlite_store.h"
#include "tests/adapters/rest/jwt_signing.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kAudience = "https://broker.yonezawa.example.lg.jp/api/v1";
const std::string kJuminzeiSecret = "juminzei-client-secret-0123456789abcdef";

rest::JsonValue jsonOf(const std::string& text) {
  rest::JsonParse parse = rest::parseJson(text);
  EXPECT_TRUE(parse.value) << parse.error.message << " in " << text;
  return parse.value.value_or(rest::JsonValue{});
}

std::string memberText(const rest::JsonValue& v, const char* name) {
  const rest::JsonValue* m = v.member(name);
  return m == nullptr ? std::string("<absent>") : m->text;
}

// Keys and configuration live as long as the suite: RSA/EC generation and a broker start are
// the slow parts.
class RestBridgeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/renkei-rest-XXXXXX";
    keys_dir_ = mkdtemp(tmpl);
    kokuho_ = new KeyPair(makeKeyPair("ES256"));
    juminzei_key_ = new KeyPair(makeKeyPair("ES256"));  // never registered: another unit's key
    std::ofstream(keys_dir_ + "/kokuho.pem") << kokuho_->public_pem;
    std::ofstream(keys_dir_ + "/juminzei.secret") << kJuminzeiSecret;
    chmod((keys_dir_ + "/juminzei.secret").c_str(), 0600);
    juki_ = new UnitProcess("unit_juki");
    BrokerSetup setup;
    setup.endpoints = {{"062022/juki", juki_->url()}};
    setup.config_edits = {
        // Both callers are `signed` units that never sign: nothing but their JWT can
        // authenticate them (a plain unit would pass on loopback without one).
        {"owner=\"米沢市 国保年金課\" connection=\"plain\"",
         "owner=\"米沢市 国保年金課\" connection=\"signed\""},
        {"owner=\"米沢市 税務課\" connection=\"plain\"",
         "owner=\"米沢市 税務課\" connection=\"signed\""},
        {"  <services>",
         std::string("  <rest audience=\"") + kAudience +
             "\">\n"
             "    <client unit=\"062022/kokuho\" algorithm=\"ES256\" publicKeyFile=\"" +
             keys_dir_ + "/kokuho.pem\"/>\n" +
             "    <client unit=\"062022/juminzei\" issuer=\"juminzei-client\" algorithm=\"HS256\" "
             "secretFile=\"" +
             keys_dir_ + "/juminzei.secret\"/>\n  </rest>\n  <services>"}};
    broker_ = new BrokerProcess(setup);
  }
  static void TearDownTestSuite() {
    delete broker_;
    delete juki_;
    delete kokuho_;
    delete juminzei_key_;
    std::filesystem::remove_all(keys_dir_);
  }

  static std::string kokuhoToken(Claims claims = {}, EVP_PKEY* key = nullptr) {
    if (claims.iss.empty()) claims.iss = "062022/kokuho";
    if (claims.aud.empty()) claims.aud = kAudience;
    return signJwt("ES256", claimsJson(claims), key != nullptr ? key : kokuho_->key.get());
  }

  static HttpAnswer call(const std::string& path, const std::string& json,
                         const std::string& token) {
    SoapClient client;
    return client.postAsIs(broker_->url(path), json, "application/json",
                           {"Authorization: Bearer " + token});
  }

  static void expectProblem(const HttpAnswer& answer, int status, const std::string& code,
                            const std::string& detail_says) {
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_EQ(answer.content_type, "application/problem+json");
    const rest::JsonValue problem = jsonOf(answer.body);
    EXPECT_EQ(memberText(problem, "code"), code) << answer.body;
    EXPECT_EQ(memberText(problem, "type"), "urn:renkei:fault:" + code);
    EXPECT_NE(memberText(problem, "detail").find(detail_says), std::string::npos) << answer.body;
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

  static inline std::string keys_dir_;
  static inline KeyPair* kokuho_ = nullptr;
  static inline KeyPair* juminzei_key_ = nullptr;
  static inline UnitProcess* juki_ = nullptr;
  static inline BrokerProcess* broker_ = nullptr;
};

TEST_F(RestBridgeTest, ValidJwtGetsJsonFromIdoJohoShokai) {
  const HttpAnswer answer =
      call("/api/v1/IdoJohoShokai", R"({"AtenaNo":"000000000000001"})", kokuhoToken());
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type, "application/json");
  const rest::JsonValue body = jsonOf(answer.body);
  ASSERT_NE(body.member("ResultCount"), nullptr) << answer.body;
  EXPECT_EQ(body.member("ResultCount")->kind, rest::JsonValue::Kind::kNumber);
  EXPECT_EQ(body.member("ResultCount")->text, "1");
  const rest::JsonValue* jumin = body.member("Jumin");
  ASSERT_NE(jumin, nullptr);
  ASSERT_EQ(jumin->kind, rest::JsonValue::Kind::kArray);  // maxOccurs="100": always an array
  ASSERT_EQ(jumin->items.size(), 1u);
  EXPECT_EQ(memberText(jumin->items[0], "Shimei"), "上杉 太郎");
  EXPECT_EQ(memberText(*jumin->items[0].member("Jusho"), "Shikuchoson"), "米沢市");

  // Audited as the platform message it became: sender and authenticated unit are the JWT's.
  const std::vector<AuditRecord> records = audit();
  ASSERT_FALSE(records.empty());
  const AuditRecord& last = records.back();
  EXPECT_EQ(last.outcome, "routed");
  EXPECT_EQ(last.sender, "062022/kokuho");
  EXPECT_EQ(last.authenticated_unit, "062022/kokuho");
  EXPECT_EQ(last.receiver, "062022/juki");
  EXPECT_EQ(last.purpose, "KOKUHO-SHIKAKU");  // the one active link, found for the caller
}

TEST_F(RestBridgeTest, ClientSecretJwtAuthenticatesItsOwnUnit) {
  Claims claims;
  claims.iss = "juminzei-client";
  claims.aud = kAudience;
  const HttpAnswer answer = call("/api/v1/IdoJohoShokai?receiver=062022/juki&purpose=JUMINZEI-FUKA",
                                 R"({"KanaShimei":"ナオエ　ケン","SeinenGappi":"1990-01-20"})",
                                 signJwt("HS256", claimsJson(claims), nullptr, kJuminzeiSecret));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(memberText(jsonOf(answer.body).member("Jumin")->items[0], "AtenaNo"),
            "000000000000004");
  EXPECT_EQ(audit().back().authenticated_unit, "062022/juminzei");
}

TEST_F(RestBridgeTest, ExpiredJwtIsRefusedUnauthenticated) {
  Claims claims;
  claims.exp_in = -600;
  claims.iat_in = -900;
  expectProblem(
      call("/api/v1/IdoJohoShokai", R"({"AtenaNo":"000000000000001"})", kokuhoToken(claims)), 401,
      "Client.Unauthenticated", "expired");
  EXPECT_EQ(audit().back().outcome, "refused");
  EXPECT_EQ(audit().back().fault_code, "Client.Unauthenticated");
}

TEST_F(RestBridgeTest, JwtSignedWithAnotherUnitsKeyIsRefused) {
  expectProblem(call("/api/v1/IdoJohoShokai", R"({"AtenaNo":"000000000000001"})",
                     kokuhoToken({}, juminzei_key_->key.get())),
                401, "Client.Unauthenticated", "signature does not verify");
}

TEST_F(RestBridgeTest, WrongAudienceIsRefused) {
  Claims claims;
  claims.aud = "https://other-broker.example.lg.jp/api/v1";
  expectProblem(
      call("/api/v1/IdoJohoShokai", R"({"AtenaNo":"000000000000001"})", kokuhoToken(claims)), 401,
      "Client.Unauthenticated", "aud does not name");
}

TEST_F(RestBridgeTest, NoTokenIsRefused) {
  SoapClient client;
  expectProblem(client.postAsIs(broker_->url("/api/v1/IdoJohoShokai"),
                                R"({"AtenaNo":"000000000000001"})", "application/json"),
                401, "Client.Unauthenticated", "Authorization: Bearer");
}

TEST_F(RestBridgeTest, JsonBreakingTheSchemaIsSchemaViolation) {
  // Caught by the broker's own XSD validation of the envelope (AtenaNo is 15 digits).
  HttpAnswer answer = call("/api/v1/IdoJohoShokai", R"({"AtenaNo":"12"})", kokuhoToken());
  expectProblem(answer, 400, "Client.SchemaViolation", "");
  rest::JsonValue problem = jsonOf(answer.body);
  EXPECT_EQ(memberText(problem, "pointer"), "/AtenaNo") << answer.body;
  EXPECT_NE(problem.member("line"), nullptr);
  // Caught by the mapping: a number where the schema has a string, an unknown member.
  answer = call("/api/v1/IdoJohoShokai", R"({"AtenaNo":1})", kokuhoToken());
  expectProblem(answer, 400, "Client.SchemaViolation", "must be a JSON string");
  EXPECT_EQ(memberText(jsonOf(answer.body), "pointer"), "/AtenaNo");
  answer = call("/api/v1/IdoJohoShokai", R"({"Atena":"000000000000001"})", kokuhoToken());
  expectProblem(answer, 400, "Client.SchemaViolation", "not an element of IdoJohoShokaiRequest");
  EXPECT_EQ(audit().back().fault_code, "Client.SchemaViolation");
}

TEST_F(RestBridgeTest, NoLinkAndUnknownServiceAreRefusedWithTheirCodes) {
  // 062022/kokuho offers ShikakuJohoShokai; no link lets it call its own service.
  expectProblem(call("/api/v1/ShikakuJohoShokai", R"({"AtenaNo":"000000000000001",
                     "KijunDate":"2024-05-01"})",
                     kokuhoToken()),
                403, "Client.LinkNotRegistered", "no active link");
  expectProblem(call("/api/v1/NoSuchService", "{}", kokuhoToken()), 404, "Client.UnknownService",
                "openapi.json");
}

TEST_F(RestBridgeTest, OpenApiDocumentDescribesEveryService) {
  SoapClient client;
  const HttpAnswer answer = client.get(broker_->url("/api/v1/openapi.json"));
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  const rest::JsonValue doc = jsonOf(answer.body);
  EXPECT_EQ(memberText(doc, "openapi"), "3.0.3");
  const rest::JsonValue* paths = doc.member("paths");
  ASSERT_NE(paths, nullptr);
  for (const char* service : {"IdoJohoShokai", "ShikakuJohoShokai", "KazeiJohoShokai"}) {
    EXPECT_NE(paths->member(std::string("/api/v1/") + service), nullptr) << service;
  }
  const rest::JsonValue* schemas = doc.member("components")->member("schemas");
  const rest::JsonValue* answer_schema = schemas->member("IdoJohoShokaiAnswer");
  ASSERT_NE(answer_schema, nullptr);
  EXPECT_EQ(memberText(*answer_schema->member("properties")->member("Jumin"), "type"), "array");
  EXPECT_EQ(memberText(*answer_schema->member("properties")->member("ResultCount"), "type"),
            "integer");
}

TEST_F(RestBridgeTest, AReplayedAssertionIsRefusedEvenAfterTheBrokerRestarts) {
  Claims claims;
  claims.jti = "kokuho-assertion-replayed-after-restart";
  const std::string token = kokuhoToken(claims);
  const std::string json = R"({"AtenaNo":"000000000000001"})";
  ASSERT_EQ(call("/api/v1/IdoJohoShokai", json, token).status, 200);
  // The same process: its own set of used jtis.
  expectProblem(call("/api/v1/IdoJohoShokai", json, token), 401, "Client.Unauthenticated",
                "jti was used before");

  // A new process forgets that set; the call's MessageId, derived from the jti, is in the
  // replay guard it rebuilds from the audit trail (with PostgreSQL: the claims every instance
  // shares).
  broker_->restart();
  expectProblem(call("/api/v1/IdoJohoShokai", json, token), 400, "Client.DuplicateMessage", "");
  const AuditRecord last = audit().back();
  EXPECT_EQ(last.sender, "062022/kokuho");
  EXPECT_EQ(last.fault_code, "Client.DuplicateMessage");
  // Another assertion of the same unit is a new call.
  EXPECT_EQ(call("/api/v1/IdoJohoShokai", json, kokuhoToken()).status, 200);
}

TEST_F(RestBridgeTest, OpenApiDocumentLoadsInAThirdPartyValidator) {
  SoapClient client;
  const HttpAnswer answer = client.get(broker_->url("/api/v1/openapi.json"));
  ASSERT_EQ(answer.status, 200);
  const std::string file = keys_dir_ + "/openapi.json";
  std::ofstream(file) << answer.body;
  const std::string command = "bash " + std::string(RENKEI_SOURCE_DIR) +
                              "/tests/adapters/rest/openapi_validate.sh " + file + " " +
                              std::string(RENKEI_BINARY_DIR) + "/test-npm 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << output;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_NE(output.find("valid: Renkei broker REST/JSON bridge"), std::string::npos) << output;
}

}  // namespace
}  // namespace renkei::testing

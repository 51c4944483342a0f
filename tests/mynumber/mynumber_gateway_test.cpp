// The My Number gateway end to end (docs/mynumber.md): the real `renkei serve`, the real
// `renkei-mynumber-gateway` (gSOAP, its own SQLite store) and the stand-in network side
// (examples/mynumber_network). 住基 obtains 符号 through the broker, 国保 asks 山形市 (062014) for
// 地方税関係情報 for 国民健康保険料 assessment; refused, withheld and unanswered 照会 are recorded
// as §23 requires, and the record chain shows tampering.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <curl/curl.h>

#include <filesystem>
#include <fstream>

#include "broker/store/sqlite_store.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kGatewayServices = R"(
    <service name="JohoShokai" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiResponse"/>
    </service>
    <service name="FugoShutoku" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuResponse"/>
    </service>
    <service name="TeikyoKirokuShokai" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="TeikyoKirokuShokaiRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="TeikyoKirokuShokaiResponse"/>
    </service>
  </services>)";

constexpr const char* kGatewayLinks = R"(
    <link sender="062022/kokuho" receiver="062022/mynumber-gw" service="JohoShokai" version="1"
          purpose="KOKUHO-HOKENRYO" purposeName="国民健康保険料の賦課に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="FugoShutoku" version="1"
          purpose="JUKI-FUGO" purposeName="符号の取得に関する事務"
          legalBasis="番号法第19条第8号、住民基本台帳法 第30条の9" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="TeikyoKirokuShokai"
          version="1" purpose="JIKO-JOHO-KAIJI" purposeName="情報提供等記録の開示に関する事務"
          legalBasis="番号法第23条" status="active"/>
  </links>)";

std::size_t countOf(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

size_t appendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// A GET of the admin web view as a user with a bearer token.
HttpAnswer getAs(const std::string& url, const std::string& token) {
  HttpAnswer answer;
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  if (curl_easy_perform(curl) == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return answer;
}

class MyNumberGatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    network_ = new UnitProcess("mynumber_network", {"--no-answer-ms", "4000"});
  }
  static void TearDownTestSuite() { delete network_; }

  void SetUp() override {
    gateway_port_ = reservedLoopbackPort();
    BrokerSetup setup;
    setup.timeout_ms = 8000;  // above the gateway's network timeout: F05 comes from the gateway
    setup.endpoints = {{"062022/mynumber-gw", gatewayUrl()}};
    setup.config_edits = {
        {"  </services>", kGatewayServices},
        {"  </units>",
         "    <unit id=\"062022/mynumber-gw\" name=\"マイナンバー連携ゲートウェイ\" endpoint=\"" +
             gatewayUrl() + "\" owner=\"米沢市 情報政策課\" connection=\"plain\"/>\n  </units>"},
        {"  </links>", kGatewayLinks},
        {"  <services>", "  <mynumber gatewayUnit=\"062022/mynumber-gw\"/>\n  <services>"}};
    broker_ = std::make_unique<BrokerProcess>(setup);
    const CommandOutput load =
        runRenkeiCommand("mynumber rules load " + std::string(RENKEI_SOURCE_DIR) +
                         "/examples/mynumber/purpose-rules.xml --actor 情報政策課 --config " +
                         broker_->configPath());
    ASSERT_EQ(load.status, 0) << load.text;
    db_ = std::string(dir_) + "/gateway.db";
    gateway_ = std::make_unique<UnitProcess>(
        "../adapters/mynumber/renkei-mynumber-gateway",
        std::vector<std::string>{"--port", std::to_string(gateway_port_), "--db", db_, "--config",
                                 broker_->configPath(), "--network", network_->url() + "network",
                                 "--network-timeout-ms", "1500", "--network-plain-http"});
  }

  std::string gatewayUrl() const {
    return "http://127.0.0.1:" + std::to_string(gateway_port_) + "/";
  }
  HttpAnswer call(const std::string& traffic, const std::string& service,
                  const std::map<std::string, std::string>& fields = {}) {
    std::string body = trafficFileAsIs(traffic);
    for (const auto& [element, text] : fields) body = withElementText(body, element, text);
    return client_.postAsIs(broker_->url("/services/" + service), freshMessage(body));
  }
  HttpAnswer obtainFugo(const std::string& atena, const std::string& juminhyo) {
    return call("mynumber-fugo-shutoku.juki-to-gateway.xml", "FugoShutoku",
                {{"AtenaNo", atena}, {"JuminhyoCode", juminhyo}});
  }
  HttpAnswer inquire(const std::string& atena, const std::string& item = "TM00000000000021") {
    return call("mynumber-joho-shokai.kokuho-to-gateway.xml", "JohoShokai",
                {{"AtenaNo", atena}, {"TokuteiKojinJohoMeiCode", item}});
  }
  CommandOutput records(const std::string& atena, const std::string& format = "json") {
    return runRenkeiCommand("mynumber records --db " + db_ + " --person " + atena + " --format " +
                            format);
  }

  static UnitProcess* network_;
  TempDir dir_;
  int gateway_port_ = 0;
  std::string db_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<UnitProcess> gateway_;
  SoapClient client_;
};
UnitProcess* MyNumberGatewayTest::network_ = nullptr;

TEST_F(MyNumberGatewayTest, APermittedInquiryIsAnsweredThroughTheBrokerAndRecorded) {
  HttpAnswer fugo = obtainFugo("000000000000101", "12345678901");
  ASSERT_EQ(fugo.status, 200) << fugo.body << gateway_->url();
  EXPECT_NE(fugo.body.find("取得済"), std::string::npos) << fugo.body;
  EXPECT_NE(obtainFugo("000000000000101", "12345678901").body.find("登録済"), std::string::npos);

  const HttpAnswer answer = inquire("000000000000101");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("所得割額"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("187200"), std::string::npos) << answer.body;
  const std::string shokai_no = elementTextOf(answer.body, "ShokaiNo");
  EXPECT_TRUE(looksLikeUuid(shokai_no)) << answer.body;

  const CommandOutput listed = records("000000000000101");
  ASSERT_EQ(listed.status, 0) << listed.text;
  EXPECT_NE(listed.text.find("\"shokai_no\": \"" + shokai_no + "\""), std::string::npos)
      << listed.text;
  EXPECT_NE(listed.text.find("\"result\": \"提供\""), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("\"provider\": \"062014\""), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("\"unit\": \"062022/kokuho\""), std::string::npos) << listed.text;
}

TEST_F(MyNumberGatewayTest, AnItemItsJimuDoesNotAllowIsRefusedAndRecorded) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  // 住民票関係情報 is not among the items 事務 JM0030 may ask 062014 for.
  const HttpAnswer refused = inquire("000000000000101", "TM00000000000004");
  EXPECT_EQ(refused.status, 500) << refused.body;
  EXPECT_NE(refused.body.find("Client.PurposeNotPermitted"), std::string::npos) << refused.body;
  const CommandOutput listed = records("000000000000101");
  EXPECT_NE(listed.text.find("\"result\": \"拒否\""), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("TM00000000000004"), std::string::npos) << listed.text;
}

TEST_F(MyNumberGatewayTest, WithheldAndUnansweredInquiriesAreAnsweredPerItemAndRecorded) {
  ASSERT_EQ(obtainFugo("000000000000102", "23456789012").status, 200);  // DV 支援措置
  ASSERT_EQ(obtainFugo("000000000000104", "45678901234").status, 200);  // never answers
  const HttpAnswer withheld = inquire("000000000000102");
  ASSERT_EQ(withheld.status, 200) << withheld.body;
  EXPECT_NE(withheld.body.find(">F04<"), std::string::npos) << withheld.body;

  const auto started = std::chrono::steady_clock::now();
  const HttpAnswer silent = inquire("000000000000104");
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(silent.status, 200) << silent.body;
  EXPECT_NE(silent.body.find(">F05<"), std::string::npos) << silent.body;
  EXPECT_LT(waited, std::chrono::seconds(4)) << "the gateway waited for the provider, not 1.5 s";

  EXPECT_NE(records("000000000000102").text.find("\"result\": \"不開示\""), std::string::npos);
  EXPECT_NE(records("000000000000104").text.find("\"result\": \"応答なし\""), std::string::npos);
}

// 山形市 holds 地方税関係情報 for 2025 and 2026: the 照会条件 picks the year; a year it does not
// hold is withheld (F02), not answered with another year's figures.
TEST_F(MyNumberGatewayTest, TheConditionSelectsTheYearAndAYearNotHeldIsWithheld) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  const auto ask = [&](const std::string& nendo, const std::string& kijun = "") {
    std::string body =
        withElementText(trafficFileAsIs("mynumber-joho-shokai.kokuho-to-gateway.xml"), "AtenaNo",
                        "000000000000101");
    body = withElementText(body, "TaishoNendo", nendo);
    if (!kijun.empty()) {
      const std::string end = "</mng:TaishoNendo>";
      body.insert(body.find(end) + end.size(), "<mng:KijunDate>" + kijun + "</mng:KijunDate>");
    }
    return client_.postAsIs(broker_->url("/services/JohoShokai"), freshMessage(body));
  };
  const HttpAnswer last_year = ask("2025", "2026-03-31");
  ASSERT_EQ(last_year.status, 200) << last_year.body;
  EXPECT_NE(last_year.body.find("173400"), std::string::npos) << last_year.body;
  EXPECT_EQ(last_year.body.find("187200"), std::string::npos) << last_year.body;

  const HttpAnswer not_held = ask("2024");
  ASSERT_EQ(not_held.status, 200) << not_held.body;
  EXPECT_NE(not_held.body.find(">F02<"), std::string::npos) << not_held.body;
  EXPECT_EQ(not_held.body.find("所得割額"), std::string::npos) << not_held.body;
  // A 基準日 outside the 年度 asked matches nothing either.
  const HttpAnswer mismatched = ask("2026", "2026-03-31");
  EXPECT_NE(mismatched.body.find(">F02<"), std::string::npos) << mismatched.body;
  EXPECT_NE(records("000000000000101").text.find("\"result\": \"不開示\""), std::string::npos);
}

TEST_F(MyNumberGatewayTest, AnInquiryForAPersonWithoutAFugoIsRefused) {
  const HttpAnswer refused = inquire("000000000000999");
  EXPECT_EQ(refused.status, 500) << refused.body;
  EXPECT_NE(refused.body.find("Client.FugoNotObtained"), std::string::npos) << refused.body;
}

TEST_F(MyNumberGatewayTest, TheRecordsAreDisclosedToThePersonAndTheirTamperingIsDetected) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(inquire("000000000000101").status, 200);
  ASSERT_EQ(inquire("000000000000101", "TM00000000000004").status, 500);

  const HttpAnswer disclosed = call("mynumber-teikyo-kiroku-shokai.juki-to-gateway.xml",
                                    "TeikyoKirokuShokai", {{"FromDate", "2000-01-01"}});
  ASSERT_EQ(disclosed.status, 200) << disclosed.body;
  EXPECT_EQ(countOf(disclosed.body, "<mng:Kiroku>"), 2u) << disclosed.body;
  EXPECT_NE(disclosed.body.find("拒否"), std::string::npos) << disclosed.body;

  const CommandOutput table = records("000000000000101", "table");
  EXPECT_NE(table.text.find("2 record(s)"), std::string::npos) << table.text;
  const std::string verify_command = "mynumber records verify --db " + db_;
  CommandOutput verify = runRenkeiCommand(verify_command);
  EXPECT_EQ(verify.status, 0) << verify.text;
  EXPECT_NE(verify.text.find("OK, 2 record(s)"), std::string::npos) << verify.text;

  // Someone with the file rewrites the refusal as a provision.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE provision_records SET result = '提供' WHERE seq = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  verify = runRenkeiCommand(verify_command);
  EXPECT_EQ(verify.status, 1) << verify.text;
  EXPECT_NE(verify.text.find("BROKEN at record 2"), std::string::npos) << verify.text;
}

// The admin web view's records page, for the viewer role: the gateway is asked over SOAP (it
// owns the records), the page lists both directions with JST times, the read is recorded.
TEST_F(MyNumberGatewayTest, AViewerReadsAPersonsRecordsInTheWebViewAndTheReadIsRecorded) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(inquire("000000000000101").status, 200);
  ASSERT_EQ(inquire("000000000000101", "TM00000000000004").status, 500);
  const std::string config = " --config " + broker_->configPath();
  const auto tokenOf = [](const std::string& out) {
    const auto at = out.find("token: ");
    return at == std::string::npos ? "" : out.substr(at + 7, out.find('\n', at) - at - 7);
  };
  const std::string boss =
      tokenOf(runRenkeiCommand("users add boss --role administrator" + config).text);
  const std::string boss_file = std::string(dir_) + "/boss-token";
  std::ofstream(boss_file) << boss << "\n";
  const std::string viewer = tokenOf(
      runRenkeiCommand("users add miru --role viewer --token-file " + boss_file + config).text);
  ASSERT_FALSE(viewer.empty());

  const std::string page_url = broker_->adminUrl("/mynumber/records?person=000000000000101");
  const HttpAnswer page = getAs(page_url, viewer);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(countOf(page.body, "<tr><td>"), 2u) << page.body;
  EXPECT_NE(page.body.find("<td>062022</td><td>062014</td><td>JM0030</td>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find(">提供</td>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find(">拒否</td>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("+09:00"), std::string::npos) << page.body;  // times in JST
  EXPECT_EQ(getAs(page_url, "not-a-token").status, 401);

  // The read is in the broker's audit trail, under the viewer's name.
  std::vector<AuditRecord> reads;
  SqliteStore(broker_->dbPath()).forEachAudit([&](const AuditRecord& r) {
    if (r.service == "registry" && r.purpose == "read") reads.push_back(r);
    return true;
  });
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].case_reference, "GET /mynumber/records?person=000000000000101");
  EXPECT_EQ(reads[0].operator_id, "miru");

  // Not a 宛名番号 (here a 個人番号): 400, and the number is not shown back.
  const HttpAnswer bad = getAs(broker_->adminUrl("/mynumber/records?person=123456789018"), viewer);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.body.find("123456789018"), std::string::npos) << bad.body;
  // The gateway down: a page that says so, not an empty list.
  gateway_.reset();
  const HttpAnswer down = getAs(page_url, viewer);
  EXPECT_EQ(down.status, 502) << down.body;
  EXPECT_NE(down.body.find("could not be reached"), std::string::npos) << down.body;
  EXPECT_EQ(down.body.find("<tr><td>"), std::string::npos) << down.body;
}

TEST_F(MyNumberGatewayTest, TheFugoStaysInTheGatewaysStore) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(inquire("000000000000101").status, 200);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT fugo FROM fugo_map", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const std::string fugo = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  ASSERT_EQ(fugo.size(), 32u);
  // Not in the broker's store, log or audit, nor in what the units got back.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(broker_->dbPath()).parent_path())) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(readTextFile(entry.path()).find(fugo), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace renkei::testing

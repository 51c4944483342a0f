// 副本登録 and 情報提供 end to end (docs/mynumber.md): 住民税 registers 副本 batches through the
// real `renkei serve` as a 通知 addressed to the gateway (durable outbox, retried until the gateway
// answers), the real `renkei-mynumber-gateway` keeps them in its SQLite store, and the stand-in
// network routes 山形市's 照会 to it; the gateway answers from the 副本 and records every request.
// Batches survive kill -9 of the gateway or of the broker and a re-send: no row lost, none twice;
// the gateway's kill -9 also with its store on PostgreSQL (`--db postgresql://...`).
#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <filesystem>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/sqlite_count.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/postgres_test_server.h"

namespace renkei::testing {
namespace {

constexpr const char* kMyNumber = "123456789018";  // a valid check digit

constexpr const char* kServices = R"(
    <service name="FukuhonToroku" version="1" wsdl="mynumber-gateway.wsdl" kind="notification">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FukuhonTorokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FukuhonTorokuResponse"/>
    </service>
    <service name="FugoShutoku" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuResponse"/>
    </service>
  </services>)";

constexpr const char* kLinks = R"(
    <link sender="062022/juminzei" receiver="062022/mynumber-gw" service="FukuhonToroku"
          version="1" purpose="FUKUHON-TOROKU" purposeName="情報提供用副本の登録に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="FugoShutoku" version="1"
          purpose="JUKI-FUGO" purposeName="符号の取得に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
  </links>)";

// The gateway on a fixed port and store, which a test kills with -9 and starts again.
class GatewayProcess {
 public:
  GatewayProcess(std::vector<std::string> args, std::string log)
      : args_(std::move(args)), log_(std::move(log)) {
    args_.insert(args_.begin(),
                 std::string(RENKEI_BINARY_DIR) + "/adapters/mynumber/renkei-mynumber-gateway");
    start();
  }
  ~GatewayProcess() { kill9(); }
  void start() {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = spawn(args_, out[1], log_);
    close(out[1]);
    const std::string line = firstLine(out[0]);
    close(out[0]);
    if (line.find("listening on") == std::string::npos)
      throw std::runtime_error("the gateway did not start: " + readTextFile(log_));
  }
  void kill9() { stopProcess(pid_, SIGKILL); }

 private:
  std::vector<std::string> args_;
  std::string log_;
  pid_t pid_ = -1;
};

// A message of the network side (no platform header: it does not pass the broker).
std::string networkMessage(const std::string& name) {
  return readTextFile(std::string(RENKEI_SOURCE_DIR) + "/examples/mynumber_network/" + name);
}

// Every file under `dir` (a store, its WAL, logs) that holds `text`.
std::vector<std::string> filesHolding(const std::string& dir, const std::string& text) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && readTextFile(entry.path()).find(text) != std::string::npos)
      found.push_back(entry.path());
  }
  return found;
}

class MyNumberFukuhonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway_port_ = reservedLoopbackPort();
    BrokerSetup setup;
    setup.timeout_ms = 5000;
    setup.endpoints = {{"062022/mynumber-gw", gatewayUrl()}};
    setup.config_edits = {
        {"  </services>", kServices},
        {"  </units>",
         "    <unit id=\"062022/mynumber-gw\" name=\"マイナンバー連携ゲートウェイ\" endpoint=\"" +
             gatewayUrl() + "\" owner=\"米沢市 情報政策課\" connection=\"plain\"/>\n  </units>"},
        {"  </links>", kLinks},
        {"  <schemas ",
         "  <notifications maxAttempts=\"100\" retryBaseMs=\"100\" retryMaxMs=\"300\" "
         "pollMs=\"50\"/>\n  <schemas "},
        {"  <services>", "  <mynumber gatewayUnit=\"062022/mynumber-gw\"/>\n  <services>"}};
    broker_ = std::make_unique<BrokerProcess>(setup);
    const CommandOutput load =
        runRenkeiCommand("mynumber rules load " + std::string(RENKEI_SOURCE_DIR) +
                         "/examples/mynumber/purpose-rules.xml --actor 情報政策課 --config " +
                         broker_->configPath());
    ASSERT_EQ(load.status, 0) << load.text;
    network_ = std::make_unique<UnitProcess>(
        "mynumber_network", std::vector<std::string>{"--provider", "062022=" + gatewayUrl()});
    db_ = gatewayStore();
    gateway_ = std::make_unique<GatewayProcess>(
        std::vector<std::string>{"--port", std::to_string(gateway_port_), "--db", db_, "--config",
                                 broker_->configPath(), "--network", network_->url() + "network",
                                 "--network-plain-http"},
        std::string(dir_) + "/gateway.log");
  }

  // Where the gateway keeps its store (--db): a SQLite file here.
  virtual std::string gatewayStore() { return std::string(dir_) + "/gateway.db"; }

  std::string gatewayUrl() const {
    return "http://127.0.0.1:" + std::to_string(gateway_port_) + "/";
  }
  HttpAnswer obtainFugo(const std::string& atena, const std::string& juminhyo) {
    std::string body = trafficFileAsIs("mynumber-fugo-shutoku.juki-to-gateway.xml");
    body = withElementText(withElementText(body, "AtenaNo", atena), "JuminhyoCode", juminhyo);
    return client_.postAsIs(broker_->url("/services/FugoShutoku"), freshMessage(body));
  }
  // A 副本登録 post as 住民税 sends it; `entries` replaces the example's when given.
  HttpAnswer postBatch(const std::string& batch_id, const std::string& entries = "") {
    std::string body = trafficFileAsIs("mynumber-fukuhon-toroku.juminzei-to-gateway.xml");
    body = withElementText(body, "BatchId", batch_id);
    if (!entries.empty()) {
      const auto first = body.find("<mng:Fukuhon>");
      const auto end = body.find("</mng:FukuhonTorokuRequest>");
      body.replace(first, end - first, entries);
    }
    return client_.postAsIs(broker_->url("/services/FukuhonToroku"), freshMessage(body));
  }
  // 山形市 (062014) asks 米沢市 (062022) through the network, as the network's own client.
  HttpAnswer askAsYamagata(const std::string& juminhyo, const std::vector<std::string>& items,
                           const std::string& nendo = "2026") {
    std::string fugo_ask = networkMessage("net-fugo-hakko.yamagata.xml");
    fugo_ask = withElementText(fugo_ask, "JuminhyoCode", juminhyo);
    const HttpAnswer fugo = client_.postAsIs(network_->url() + "network", fugo_ask);
    std::string ask = networkMessage("net-joho-shokai.yamagata-to-yonezawa.xml");
    ask = withElementText(ask, "Fugo", elementTextOf(fugo.body, "Fugo"));
    ask = withElementText(ask, "TaishoNendo", nendo);
    std::string codes;
    for (const std::string& item : items)
      codes += "<mnn:TokuteiKojinJohoMeiCode>" + item + "</mnn:TokuteiKojinJohoMeiCode>";
    const std::string one =
        "<mnn:TokuteiKojinJohoMeiCode>TM00000000000021</mnn:TokuteiKojinJohoMeiCode>";
    ask.replace(ask.find(one), one.size(), codes);
    return client_.postAsIs(network_->url() + "network", ask);
  }
  int64_t gatewayCount(const std::string& sql) {
    if (db_.rfind("postgresql://", 0) != 0) return countIn(db_, sql);
    PGconn* conn = PQconnectdb(db_.c_str());
    PGresult* result = PQexec(conn, ("SET search_path TO mynumber_gateway; " + sql).c_str());
    const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1;
    const int64_t count = ok ? std::atoll(PQgetvalue(result, 0, 0)) : -1;
    PQclear(result);
    PQfinish(conn);
    return count;
  }
  int64_t deliveries(const std::string& state) {
    return countIn(broker_->dbPath(),
                   "SELECT count(*) FROM deliveries WHERE state = '" + state + "'");
  }
  CommandOutput records(const std::string& atena) {
    return runRenkeiCommand("mynumber records --db " + db_ + " --person " + atena +
                            " --format json");
  }
  // `count` entries numbered 1.., each a distinct (person, item) from `first`: people
  // 000000000000201-205, items TM1000000000000N.
  static std::string entries(int first, int count) {
    std::string xml;
    for (int k = 0; k < count; ++k) {
      const int g = first + k;
      xml +=
          "<mng:Fukuhon><mng:RecordNo>" + std::to_string(k + 1) +
          "</mng:RecordNo><mng:AtenaNo>00000000000020" + std::to_string(1 + g % 5) +
          "</mng:AtenaNo><mng:TokuteiKojinJohoMeiCode>TM" + std::to_string(10000000000000LL + g) +
          "</mng:TokuteiKojinJohoMeiCode><mng:TeikyoJoho><mng:Koumoku><mng:KoumokuMei>課税年度"
          "</mng:KoumokuMei><mng:Atai>2026</mng:Atai></mng:Koumoku><mng:Koumoku>"
          "<mng:KoumokuMei>所得割額</mng:KoumokuMei><mng:Atai>" +
          std::to_string(100000 + g) + "</mng:Atai></mng:Koumoku></mng:TeikyoJoho></mng:Fukuhon>";
    }
    return xml;
  }
  // Five batches of 200; the gateway killed while the broker delivers them (some applied, some
  // not); every batch re-sent; the gateway back on the same store: 1000 rows, each once.
  void killTheGatewayMidBatchesAndResendThem() {
    obtainFugosForTheBigBatches();
    for (int b = 0; b < 5; ++b) {
      ASSERT_EQ(postBatch("ZEI-K" + std::to_string(b), entries(b * 200, 200)).status, 200);
    }
    // Killed while the broker is still delivering the batches (some applied, some not).
    ASSERT_TRUE(eventually([&] { return gatewayCount("SELECT count(*) FROM fukuhon") >= 200; }));
    gateway_->kill9();
    const int64_t at_kill = gatewayCount("SELECT count(*) FROM fukuhon");
    EXPECT_EQ(at_kill % 200, 0) << "a batch is applied whole or not at all";
    RecordProperty("fukuhon_rows_at_kill", static_cast<int>(at_kill));
    // The sender lost track and re-sends every batch; the gateway comes back on the same store.
    for (int b = 0; b < 5; ++b) {
      ASSERT_EQ(postBatch("ZEI-K" + std::to_string(b), entries(b * 200, 200)).status, 200);
    }
    gateway_->start();
    ASSERT_TRUE(eventually([&] { return deliveries("done") == 10; }, 60))
        << deliveries("pending") << " pending, " << deliveries("dead") << " dead";
    EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon"), 1000);
    EXPECT_EQ(gatewayCount("SELECT max(version) FROM fukuhon"), 1);
    EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon_batch_records"), 1000);
  }
  void obtainFugosForTheBigBatches() {
    for (int p = 1; p <= 5; ++p) {
      ASSERT_EQ(
          obtainFugo("00000000000020" + std::to_string(p), "5000000000" + std::to_string(p)).status,
          200);
    }
  }

  TempDir dir_;
  int gateway_port_ = 0;
  std::string db_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<UnitProcess> network_;
  std::unique_ptr<GatewayProcess> gateway_;
  SoapClient client_;
};

TEST_F(MyNumberFukuhonTest, ABatchIsRegisteredAndAnotherInstitutionIsAnsweredFromIt) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(obtainFugo("000000000000102", "23456789012").status, 200);
  const HttpAnswer receipt = postBatch("ZEI-0001");
  ASSERT_EQ(receipt.status, 200) << receipt.body;
  EXPECT_NE(receipt.body.find("NotificationReceipt"), std::string::npos) << receipt.body;
  ASSERT_TRUE(eventually([&] { return deliveries("done") == 1; })) << deliveries("pending");
  EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon"), 2);

  // 山形市 asks for the 地方税関係情報 米沢市 registered (not the figures 山形市 itself holds).
  const HttpAnswer provided = askAsYamagata("12345678901", {"TM00000000000021"});
  ASSERT_EQ(provided.status, 200) << provided.body;
  EXPECT_NE(provided.body.find("143600"), std::string::npos) << provided.body;
  EXPECT_EQ(provided.body.find("187200"), std::string::npos) << provided.body;
  const CommandOutput listed = records("000000000000101");
  ASSERT_EQ(listed.status, 0) << listed.text;
  EXPECT_NE(listed.text.find("\"requester\": \"062014\""), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("\"provider\": \"062022\""), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("\"result\": \"提供\""), std::string::npos) << listed.text;
}

TEST_F(MyNumberFukuhonTest, ProvidedWithheldAndRefusedProvisionsAreAllRecorded) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(obtainFugo("000000000000102", "23456789012").status, 200);
  ASSERT_EQ(postBatch("ZEI-0002").status, 200);
  ASSERT_TRUE(eventually([&] { return gatewayCount("SELECT count(*) FROM fukuhon") == 2; }));

  // 住民票関係情報 is permitted to JM0030 but has no 副本: F02 beside the provided item.
  const HttpAnswer partly = askAsYamagata("12345678901", {"TM00000000000021", "TM00000000000002"});
  ASSERT_EQ(partly.status, 200) << partly.body;
  EXPECT_NE(partly.body.find(">F02<"), std::string::npos) << partly.body;
  // The 副本 of 102 is registered as withheld (DV 等支援措置).
  const HttpAnswer withheld = askAsYamagata("23456789012", {"TM00000000000021"});
  ASSERT_EQ(withheld.status, 200) << withheld.body;
  EXPECT_NE(withheld.body.find(">F04<"), std::string::npos) << withheld.body;
  EXPECT_EQ(withheld.body.find("TeikyoJoho"), std::string::npos) << withheld.body;
  // An item no purpose rule gives 事務 JM0030.
  const HttpAnswer refused = askAsYamagata("12345678901", {"TM00000000000004"});
  EXPECT_EQ(refused.status, 500) << refused.body;
  EXPECT_NE(refused.body.find("Client.PurposeNotPermitted"), std::string::npos) << refused.body;

  const std::string person101 = records("000000000000101").text;
  EXPECT_NE(person101.find("\"result\": \"一部不開示\""), std::string::npos) << person101;
  EXPECT_NE(person101.find("\"result\": \"拒否\""), std::string::npos) << person101;
  EXPECT_NE(records("000000000000102").text.find("\"result\": \"不開示\""), std::string::npos);
  EXPECT_EQ(gatewayCount("SELECT count(*) FROM provision_records WHERE provider = '062022'"), 3);
  const CommandOutput verify = runRenkeiCommand("mynumber records verify --db " + db_);
  EXPECT_EQ(verify.status, 0) << verify.text;
}

// The 副本 holds 課税年度 2026: a 照会 for 2025 is withheld as 副本未登録 for that year, the
// 2026 figures are not given, and the record says which condition failed.
TEST_F(MyNumberFukuhonTest, AConditionTheFukuhonDoesNotMatchIsWithheldNotAnsweredWithOtherData) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(obtainFugo("000000000000102", "23456789012").status, 200);
  ASSERT_EQ(postBatch("ZEI-0003").status, 200);
  ASSERT_TRUE(eventually([&] { return gatewayCount("SELECT count(*) FROM fukuhon") == 2; }));

  const HttpAnswer other_year = askAsYamagata("12345678901", {"TM00000000000021"}, "2025");
  ASSERT_EQ(other_year.status, 200) << other_year.body;
  EXPECT_NE(other_year.body.find(">F02<"), std::string::npos) << other_year.body;
  EXPECT_EQ(other_year.body.find("143600"), std::string::npos) << other_year.body;
  const std::string listed = records("000000000000101").text;
  EXPECT_NE(listed.find("\"result\": \"不開示\""), std::string::npos) << listed;
  EXPECT_NE(listed.find("照会条件不一致 対象年度 2025"), std::string::npos) << listed;

  const HttpAnswer same_year = askAsYamagata("12345678901", {"TM00000000000021"}, "2026");
  EXPECT_NE(same_year.body.find("143600"), std::string::npos) << same_year.body;
}

TEST_F(MyNumberFukuhonTest, AResentBatchDuplicatesNothing) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  ASSERT_EQ(obtainFugo("000000000000102", "23456789012").status, 200);
  ASSERT_EQ(postBatch("ZEI-0003").status, 200);
  ASSERT_EQ(postBatch("ZEI-0003").status, 200);  // a new MessageId: the broker delivers both
  ASSERT_TRUE(eventually([&] { return deliveries("done") == 2; })) << deliveries("pending");
  EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon"), 2);
  EXPECT_EQ(gatewayCount("SELECT max(version) FROM fukuhon"), 1);
  EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon_batch_records"), 2);
}

TEST_F(MyNumberFukuhonTest, BatchesSurviveKillDashNineOfTheGatewayAndAResendOfEveryBatch) {
  killTheGatewayMidBatchesAndResendThem();
}

// The same on PostgreSQL: a batch is one transaction there too, which the server rolls back
// when the gateway's connection dies with it.
class MyNumberFukuhonOnPostgresTest : public MyNumberFukuhonTest {
 protected:
  std::string gatewayStore() override {
    const std::string conninfo = PostgresTestServer::shared().createDatabase();
    return "postgresql://renkei@127.0.0.1:" + std::to_string(PostgresTestServer::shared().port()) +
           "/" + conninfo.substr(conninfo.find("dbname=") + 7);
  }
};

TEST_F(MyNumberFukuhonOnPostgresTest, BatchesSurviveKillDashNineOfTheGatewayAndAResend) {
  killTheGatewayMidBatchesAndResendThem();
  const CommandOutput listed =
      runRenkeiCommand("mynumber fukuhon --db " + db_ + " --item TM10000000000999 --format csv");
  EXPECT_EQ(listed.status, 0) << listed.text;
  EXPECT_NE(listed.text.find("ZEI-K4"), std::string::npos) << listed.text;
}

TEST_F(MyNumberFukuhonTest, BatchesSurviveKillDashNineOfTheBroker) {
  obtainFugosForTheBigBatches();
  for (int b = 0; b < 5; ++b) {
    ASSERT_EQ(postBatch("ZEI-B" + std::to_string(b), entries(b * 200, 200)).status, 200);
  }
  broker_->restart();  // kill -9 right after the receipts, then a new process on the same store
  RecordProperty("deliveries_done_at_restart", static_cast<int>(deliveries("done")));
  ASSERT_TRUE(eventually([&] { return deliveries("done") == 5; }, 60))
      << deliveries("pending") << " pending, " << deliveries("dead") << " dead";
  EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon"), 1000);
  EXPECT_EQ(gatewayCount("SELECT max(version) FROM fukuhon"), 1);
}

TEST_F(MyNumberFukuhonTest, AFukuhonCarryingAPersonalNumberIsRefusedAndKeptNowhere) {
  ASSERT_EQ(obtainFugo("000000000000101", "12345678901").status, 200);
  const std::string with_number =
      "<mng:Fukuhon><mng:RecordNo>1</mng:RecordNo><mng:AtenaNo>000000000000101</mng:AtenaNo>"
      "<mng:TokuteiKojinJohoMeiCode>TM00000000000021</mng:TokuteiKojinJohoMeiCode><mng:TeikyoJoho>"
      "<mng:Koumoku><mng:KoumokuMei>備考</mng:KoumokuMei><mng:Atai>" +
      std::string(kMyNumber) + "</mng:Atai></mng:Koumoku></mng:TeikyoJoho></mng:Fukuhon>";
  const HttpAnswer through_broker = postBatch("ZEI-PN1", with_number);
  EXPECT_EQ(through_broker.status, 500) << through_broker.body;
  EXPECT_NE(through_broker.body.find("Client.PersonalNumberExposed"), std::string::npos)
      << through_broker.body;

  // Straight to the gateway (a configuration without the broker's guard): refused there too.
  std::string body = trafficFileAsIs("mynumber-fukuhon-toroku.juminzei-to-gateway.xml");
  body.replace(body.find("<mng:Fukuhon>"),
               body.find("</mng:FukuhonTorokuRequest>") - body.find("<mng:Fukuhon>"), with_number);
  const HttpAnswer direct = client_.postAsIs(gatewayUrl(), freshMessage(body));
  EXPECT_EQ(direct.status, 500) << direct.body;
  EXPECT_NE(direct.body.find("Client.PersonalNumberExposed"), std::string::npos) << direct.body;
  EXPECT_EQ(direct.body.find(kMyNumber), std::string::npos) << direct.body;

  EXPECT_EQ(gatewayCount("SELECT count(*) FROM fukuhon"), 0);
  EXPECT_TRUE(filesHolding(dir_, kMyNumber).empty()) << filesHolding(dir_, kMyNumber).front();
  const std::string broker_dir = std::filesystem::path(broker_->dbPath()).parent_path();
  EXPECT_TRUE(filesHolding(broker_dir, kMyNumber).empty())
      << filesHolding(broker_dir, kMyNumber).front();
}

}  // namespace
}  // namespace renkei::testing

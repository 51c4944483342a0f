// `renkei report` as an operator runs it: the real executable against the store a real broker
// wrote while real example units answered known traffic.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

struct CommandOutput {
  int status = -1;
  std::string text;
};

// stdout only: reports must stay machine-readable even when they warn on stderr.
CommandOutput runRenkei(const std::string& args) {
  const std::string command =
      std::string(RENKEI_BINARY_DIR) + "/broker/renkei " + args + " 2>/dev/null";
  CommandOutput out;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.text.append(buf.data(), n);
  out.status = WEXITSTATUS(pclose(pipe));
  return out;
}

// Each post gets its own message id, so no exchange can be taken for a replay of another.
std::string withMessageId(std::string envelope, int n) {
  const std::string open = "<hdr:MessageId>", close = "</hdr:MessageId>";
  const auto from = envelope.find(open) + open.size();
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  envelope.replace(from, envelope.find(close) - from, id);
  return envelope;
}

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    juki_ = std::make_unique<UnitProcess>("unit_juki");
    // 062022/juminzei is left unstarted: its exchanges fail with ReceiverUnavailable.
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/juki", juki_->url()}}});
    SoapClient client;
    int n = 0;
    auto post = [&](const char* file, int times) {
      for (int i = 0; i < times; ++i) {
        const std::string message = withMessageId(trafficFile(file), ++n);
        client.post(broker_->url(serviceAddress(message)), message);
      }
    };
    post("ido-joho-shokai.kokuho-to-juki.xml", 2);          // routed, link 1
    post("ido-joho-shokai.cross-tenant.xml", 3);            // refused: no cross-tenant link
    post("shikaku-joho-shokai.juminzei-to-kokuho.xml", 1);  // refused: link 5 only proposed
    post("kazei-joho-shokai.kokuho-to-juminzei.xml", 1);    // failed: receiver down, link 4
    post("ido-joho-shokai.schema-invalid.xml", 1);          // refused: body (link 1 is fine)
    broker_->stop();
    audit_ = broker_->exchanges();
    ASSERT_EQ(audit_.size(), 8u);
  }

  // The times the broker recorded for records matching (sender, outcome or fault).
  std::vector<std::string> timesOf(const std::string& sender, const std::string& outcome) const {
    std::vector<std::string> times;
    for (const auto& r : audit_) {
      if (r.sender == sender && (r.outcome == outcome || r.fault_code == outcome)) {
        times.push_back(r.time);
      }
    }
    return times;
  }

  std::unique_ptr<UnitProcess> juki_;
  std::unique_ptr<RunningBroker> broker_;
  std::vector<AuditRecord> audit_;
};

TEST_F(ReportCliTest, CsvForASpreadsheetStartsWithABomOnRequestOnly) {
  const std::string config = " --config " + broker_->configPath();
  CommandOutput plain = runRenkei("report tenants --format csv" + config);
  CommandOutput excel = runRenkei("report tenants --format csv --bom" + config);
  EXPECT_EQ(excel.status, 0) << excel.text;
  EXPECT_EQ(excel.text, "\xEF\xBB\xBF" + plain.text);
  EXPECT_EQ(runRenkei("report tenants --bom" + config).status, 2) << "a BOM on a terminal table";
  EXPECT_EQ(runRenkei("report graph --bom" + config).status, 2);
}

TEST_F(ReportCliTest, RefusedCsvGroupsTheAttempts) {
  const auto cross = timesOf("062014/kokuho", "refused");
  const auto proposed = timesOf("062022/juminzei", "refused");
  const auto schema = timesOf("062022/kokuho", "Client.SchemaViolation");
  ASSERT_EQ(cross.size(), 3u);
  ASSERT_EQ(proposed.size(), 1u);
  ASSERT_EQ(schema.size(), 1u);
  const std::string fault = audit_[2].fault_code;  // what the broker calls a missing link
  CommandOutput out = runRenkei("report refused --format csv --config " + broker_->configPath());
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_EQ(out.text,
            "sender,receiver,service,purpose,fault_code,count,first_seen,last_seen,"
            "registered_link\r\n"
            "062014/kokuho,062022/juki,IdoJohoShokai:1,KOKUHO-SHIKAKU," +
                fault + ",3," + cross.front() + "," + cross.back() +
                ",none\r\n"
                "062022/juminzei,062022/kokuho,ShikakuJohoShokai:1,JUMINZEI-FUKA," +
                fault + ",1," + proposed[0] + "," + proposed[0] +
                ",#5 proposed\r\n"
                "062022/kokuho,062022/juki,IdoJohoShokai:1,KOKUHO-SHIKAKU,"
                "Client.SchemaViolation,1," +
                schema[0] + "," + schema[0] + ",#1 active\r\n");
  EXPECT_EQ(fault, "Client.LinkNotRegistered");
}

TEST_F(ReportCliTest, InventoryJsonListsEveryLinkWithItsTraffic) {
  const auto routed = timesOf("062022/kokuho", "routed");
  const auto failed = timesOf("062022/kokuho", "failed");
  ASSERT_EQ(routed.size(), 2u);
  ASSERT_EQ(failed.size(), 1u);
  int64_t latency = 0;
  for (const auto& r : audit_) {
    if (r.outcome == "routed") latency += r.latency_us;
  }
  const std::string mean = std::to_string(latency / 2);
  // The configuration names the approver of the links it declares active; a proposed link has
  // none yet.
  auto row = [&](const std::string& head, const std::string& traffic) {
    const bool proposed = head.find("\"status\": \"proposed\"") != std::string::npos;
    const std::string approver = proposed ? "" : "米沢市 総務部 情報政策課長";
    return "  {" + head + ", \"data_items\": \"\", \"department\": \"\", \"vendor\": \"\", " +
           "\"approver\": \"" + approver + "\", \"review_date\": \"\", \"note\": \"\", " + traffic +
           "}";
  };
  const std::string none =
      "\"routed\": 0, \"failed\": 0, \"refused\": 0, \"last_seen\": \"\", "
      "\"mean_latency_us\": null";
  const std::string expected =
      "[\n" +
      row("\"id\": 3, \"status\": \"active\", \"sender\": \"062022/juki\", \"receiver\": "
          "\"062022/kokuho\", \"service\": \"ShikakuJohoShokai:1\", \"purpose_code\": "
          "\"JUKI-KIROKU\", \"purpose_name\": \"住民基本台帳の記録に関する事務\", "
          "\"legal_basis\": \"住民基本台帳法 第7条\", \"valid_from\": \"2024-04-01\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          none) +
      ",\n" +
      // The 異動 file adapter's subscription links (sorted by sender, then receiver).
      row("\"id\": 7, \"status\": \"active\", \"sender\": \"062022/juki-batch\", \"receiver\": "
          "\"062022/juminzei\", \"service\": \"JuminIdoTsuchi:1\", \"purpose_code\": "
          "\"JUMINZEI-FUKA\", \"purpose_name\": \"個人住民税の賦課に関する事務\", "
          "\"legal_basis\": \"地方税法 第294条\", \"valid_from\": \"2024-04-01\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          none) +
      ",\n" +
      row("\"id\": 6, \"status\": \"active\", \"sender\": \"062022/juki-batch\", \"receiver\": "
          "\"062022/kokuho\", \"service\": \"JuminIdoTsuchi:1\", \"purpose_code\": "
          "\"KOKUHO-SHIKAKU\", \"purpose_name\": \"国民健康保険の資格管理に関する事務\", "
          "\"legal_basis\": \"国民健康保険法 第9条\", \"valid_from\": \"2024-04-01\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          none) +
      ",\n" +
      row("\"id\": 2, \"status\": \"active\", \"sender\": \"062022/juminzei\", \"receiver\": "
          "\"062022/juki\", \"service\": \"IdoJohoShokai:1\", \"purpose_code\": "
          "\"JUMINZEI-FUKA\", \"purpose_name\": \"個人住民税の賦課に関する事務\", "
          "\"legal_basis\": \"地方税法 第294条\", \"valid_from\": \"2024-04-01\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          none) +
      ",\n" +
      row("\"id\": 5, \"status\": \"proposed\", \"sender\": \"062022/juminzei\", \"receiver\": "
          "\"062022/kokuho\", \"service\": \"ShikakuJohoShokai:1\", \"purpose_code\": "
          "\"JUMINZEI-FUKA\", \"purpose_name\": \"個人住民税の賦課に関する事務\", "
          "\"legal_basis\": \"地方税法 第294条\", \"valid_from\": \"\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          none) +
      ",\n" +
      row("\"id\": 1, \"status\": \"active\", \"sender\": \"062022/kokuho\", \"receiver\": "
          "\"062022/juki\", \"service\": \"IdoJohoShokai:1\", \"purpose_code\": "
          "\"KOKUHO-SHIKAKU\", \"purpose_name\": \"国民健康保険の資格管理に関する事務\", "
          "\"legal_basis\": \"国民健康保険法 第9条、住民基本台帳法 第1条\", \"valid_from\": "
          "\"2024-04-01\", \"valid_to\": \"\", \"cross_tenant\": \"no\"",
          "\"routed\": 2, \"failed\": 0, \"refused\": 0, \"last_seen\": \"" + routed.back() +
              "\", \"mean_latency_us\": " + mean) +
      ",\n" +
      row("\"id\": 4, \"status\": \"active\", \"sender\": \"062022/kokuho\", \"receiver\": "
          "\"062022/juminzei\", \"service\": \"KazeiJohoShokai:1\", \"purpose_code\": "
          "\"KOKUHO-HOKENRYO\", \"purpose_name\": \"国民健康保険料の賦課に関する事務\", "
          "\"legal_basis\": \"国民健康保険法 第113条の2\", \"valid_from\": \"2024-04-01\", "
          "\"valid_to\": \"\", \"cross_tenant\": \"no\"",
          "\"routed\": 0, \"failed\": 1, \"refused\": 0, \"last_seen\": \"" + failed[0] +
              "\", \"mean_latency_us\": null") +
      "\n]\n";
  CommandOutput out = runRenkei("report inventory --format json --config " + broker_->configPath());
  EXPECT_EQ(out.status, 0);
  EXPECT_EQ(out.text, expected);
}

TEST_F(ReportCliTest, TenantsTableAndOutputFile) {
  const std::string file = std::filesystem::path(broker_->dbPath()).parent_path() / "tenants.csv";
  CommandOutput out = runRenkei("report tenants --format csv --output " + file + " --config " +
                                broker_->configPath());
  EXPECT_EQ(out.status, 0);
  EXPECT_EQ(out.text, "");
  EXPECT_EQ(readTextFile(file),
            "tenant,units,links,active,approved,proposed,suspended,retired,cross_tenant_links,"
            "routed,failed,refused\r\n"
            "062014,1,0,0,0,0,0,0,0,0,0,3\r\n"
            "062022,4,7,6,0,1,0,0,0,2,1,5\r\n");
}

TEST_F(ReportCliTest, GraphAsSvgShowsUnitsLinksAndRefusedAttempts) {
  CommandOutput out = runRenkei("report graph --format svg --config " + broker_->configPath());
  EXPECT_EQ(out.status, 0);
  EXPECT_NE(out.text.find("<svg"), std::string::npos);
  EXPECT_NE(out.text.find("住民基本台帳システム"), std::string::npos);
  EXPECT_NE(out.text.find("refused ×3"), std::string::npos);
}

TEST_F(ReportCliTest, UsageErrorsExitTwo) {
  const std::string config = " --config " + broker_->configPath();
  EXPECT_EQ(runRenkei("report spaghetti" + config).status, 2);
  EXPECT_EQ(runRenkei("report unused --days soon" + config).status, 2);
  EXPECT_EQ(runRenkei("report refused --format xlsx" + config).status, 2);
  CommandOutput help = runRenkei("report --help");
  EXPECT_EQ(help.status, 0);
  for (const char* kind : {"inventory", "unused", "refused", "no-legal-basis", "review-due", "fan",
                           "tenants", "graph"}) {
    EXPECT_NE(help.text.find(std::string("\n  ") + kind + " "), std::string::npos) << kind;
  }
}

}  // namespace
}  // namespace renkei::testing

// The registry as evidence, as an auditor sees it: the real `renkei serve` seeds the example
// registry, an officer changes a link with the real CLI, someone edits the database behind the
// broker's back, and the real `renkei audit verify` names the link, the column and both values.
// Reads of the registry (web pages, exports) are records of the trail too.
#include <gtest/gtest.h>

#include <memory>

#include "broker/store/sqlite_store.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/sqlite_count.h"
#include "tests/unit/store_test_support.h"

namespace renkei::testing {
namespace {

class RegistryEvidenceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(BrokerSetup{});
    config_ = " --config " + broker_->configPath();
  }
  CommandOutput renkei(const std::string& args) { return runRenkeiCommand(args + config_); }

  // Proposes, approves (another officer), activates and edits one link; returns its id.
  std::string governedLink() {
    const CommandOutput proposed = renkei(
        "links propose --sender 062022/juminzei --receiver 062022/juki --service IdoJohoShokai "
        "--version 1 --purpose JUMINZEI-KAZEI --purpose-name '個人住民税の課税' "
        "--legal-basis '地方税法 第294条' --actor sato --reason 新規");
    EXPECT_EQ(proposed.status, 0) << proposed.text;
    const std::string marker = "proposed link ";
    const size_t at = proposed.text.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    const std::string id =
        proposed.text.substr(start, proposed.text.find_first_not_of("0123456789", start) - start);
    EXPECT_EQ(renkei("links approve " + id + " --actor yamada").status, 0);
    EXPECT_EQ(renkei("links activate " + id + " --actor yamada").status, 0);
    const CommandOutput update = renkei("links update " + id +
                                        " --legal-basis '地方税法 第294条第1項' --actor sato "
                                        "--reason 条項の明確化");
    EXPECT_EQ(update.status, 0) << update.text;
    return id;
  }

  std::vector<AuditRecord> registryReads() {
    SqliteStore store(broker_->dbPath());
    std::vector<AuditRecord> reads;
    store.forEachAudit([&](const AuditRecord& r) {
      if (r.service == "registry" && (r.purpose == "read" || r.purpose == "exported")) {
        reads.push_back(r);
      }
      return true;
    });
    return reads;
  }

  std::unique_ptr<BrokerProcess> broker_;
  std::string config_;
};

TEST_F(RegistryEvidenceCliTest, AnUpdateBehindTheBrokersBackIsNamedByAuditVerify) {
  const std::string id = governedLink();
  ASSERT_FALSE(id.empty());
  const CommandOutput clean = renkei("audit verify");
  EXPECT_EQ(clean.status, 0) << clean.text;
  EXPECT_NE(clean.text.find("registry OK: "), std::string::npos) << clean.text;
  // Seeded links have their audit records like any other: nothing is taken on trust.
  EXPECT_EQ(clean.text.find("seeded"), std::string::npos) << clean.text;

  rawSql(broker_->dbPath(),
         "UPDATE links SET approver = '部長', legal_basis = '改ざん法' WHERE id = " + id);
  const CommandOutput tampered = renkei("audit verify");
  EXPECT_EQ(tampered.status, 1) << tampered.text;
  // The trail itself is intact: the registry is what was changed.
  EXPECT_NE(tampered.text.find("audit trail OK"), std::string::npos) << tampered.text;
  EXPECT_NE(tampered.text.find("registry BROKEN: 1 problem"), std::string::npos) << tampered.text;
  EXPECT_NE(tampered.text.find("link " + id +
                               " was changed outside the broker: legalBasis is "
                               "'改ざん法' in the registry but '地方税法 "
                               "第294条第1項' by its history"),
            std::string::npos)
      << tampered.text;
  EXPECT_NE(tampered.text.find("approver is '部長' in the registry but 'yamada'"),
            std::string::npos)
      << tampered.text;

  // Offline, from an exported bundle, with no database: the same finding.
  const std::string bundle = broker_->dbPath() + ".bundle.jsonl";
  const CommandOutput exported = renkei("audit export --out " + bundle);
  ASSERT_EQ(exported.status, 0) << exported.text;
  EXPECT_NE(exported.text.find(" links with "), std::string::npos) << exported.text;
  const CommandOutput offline = runRenkeiCommand("audit verify --bundle " + bundle);
  EXPECT_EQ(offline.status, 1) << offline.text;
  EXPECT_NE(offline.text.find("legalBasis is '改ざん法' in the registry"), std::string::npos)
      << offline.text;
}

TEST_F(RegistryEvidenceCliTest, SeedingWritesOneRecordPerLinkOnceAcrossRestarts) {
  const int64_t links = countIn(broker_->dbPath(), "SELECT count(*) FROM links");
  ASSERT_GT(links, 0);
  const std::string seed_records =
      "SELECT count(*) FROM audit WHERE outcome = 'admin' AND service = 'registry' AND "
      "purpose = 'created' AND operator_id = 'config'";
  EXPECT_EQ(countIn(broker_->dbPath(), seed_records), links);
  // The example names its approver on <links>: the approval is in each active link's history.
  const CommandOutput shown = renkei("links show 1");
  EXPECT_NE(shown.text.find("approved there by 米沢市 総務部 情報政策課長"), std::string::npos)
      << shown.text;
  const CommandOutput clean = renkei("audit verify");
  EXPECT_EQ(clean.status, 0) << clean.text;
  EXPECT_EQ(clean.text.find("seeded"), std::string::npos) << clean.text;

  broker_->restart();
  EXPECT_EQ(countIn(broker_->dbPath(), seed_records), links) << "a restart seeded again";
  EXPECT_EQ(renkei("audit verify").status, 0);

  rawSql(broker_->dbPath(), "UPDATE links SET approver = '部長' WHERE id = 1");
  const CommandOutput tampered = renkei("audit verify");
  EXPECT_EQ(tampered.status, 1) << tampered.text;
  EXPECT_NE(tampered.text.find("link 1 was changed outside the broker: approver is '部長'"),
            std::string::npos)
      << tampered.text;
}

TEST_F(RegistryEvidenceCliTest, ASeededLinkRetargetedInTheTableIsCaught) {
  rawSql(broker_->dbPath(),
         "UPDATE links SET receiver = '062022/juminzei' WHERE id = (SELECT min(id) FROM links)");
  const CommandOutput tampered = renkei("audit verify");
  EXPECT_EQ(tampered.status, 1) << tampered.text;
  EXPECT_NE(tampered.text.find("receiver is '062022/juminzei' in the registry but"),
            std::string::npos)
      << tampered.text;
}

TEST_F(RegistryEvidenceCliTest, WebPagesAndExportsOfTheRegistryAreRecorded) {
  SoapClient http;
  ASSERT_EQ(http.get(broker_->adminUrl("/links?sender=062022/kokuho")).status, 200);
  ASSERT_EQ(http.get(broker_->adminUrl("/registry.wsdl")).status, 200);  // not the registry
  const CommandOutput exported =
      renkei("links export --format csv --actor tanaka --output " + broker_->dbPath() + ".csv");
  ASSERT_EQ(exported.status, 0) << exported.text;

  const auto reads = registryReads();
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].purpose, "read");
  EXPECT_EQ(reads[0].case_reference, "GET /links?sender=062022/kokuho");
  EXPECT_EQ(reads[0].peer_address, "127.0.0.1");
  EXPECT_EQ(reads[1].purpose, "exported");
  EXPECT_EQ(reads[1].operator_id, "tanaka");
  EXPECT_EQ(reads[1].case_reference.rfind("links export --format csv --encoding utf-8: ", 0), 0u)
      << reads[1].case_reference;
  // Reads are not changes: the registry still replays clean.
  const CommandOutput verify = renkei("audit verify");
  EXPECT_EQ(verify.status, 0) << verify.text;
  EXPECT_NE(verify.text.find("registry OK"), std::string::npos) << verify.text;
}

TEST_F(RegistryEvidenceCliTest, TheWebViewsCsvExportAndDashboardAreRecorded) {
  SoapClient http;
  const HttpAnswer csv = http.get(broker_->adminUrl("/?sender=kokuho&format=csv"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFid,status,sender,", 0), 0u) << csv.body;
  ASSERT_EQ(http.get(broker_->adminUrl("/dashboard")).status, 200);
  // A refused query shows nothing, so nothing was read.
  ASSERT_EQ(http.get(broker_->adminUrl("/?status=bogus")).status, 400);

  const auto reads = registryReads();
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].purpose, "exported");
  EXPECT_EQ(reads[0].case_reference, "GET /?sender=kokuho&format=csv");
  EXPECT_EQ(reads[1].purpose, "read");
  EXPECT_EQ(reads[1].case_reference, "GET /dashboard");
}

}  // namespace
}  // namespace renkei::testing

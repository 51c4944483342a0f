// `renkei mynumber records verify|purge` and `renkei mynumber fukuhon` through the real binary,
// as an operator runs them against a gateway store: verify with the broker's checkpoint key,
// purge what is past retention (the configuration's, 7 years by default) and see the evidence,
// see tampering named, and list the 副本 with its values shown only when asked.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "adapters/mynumber/sqlite_fukuhon_store.h"
#include "adapters/mynumber/sqlite_gateway_store.h"
#include "broker/audit/checkpoint_key.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/support/json_check.h"

namespace renkei::testing {
namespace {

using mynumber::FukuhonEntry;
using mynumber::GatewayStore;
using mynumber::ProvisionRecord;

constexpr const char* kPerson = "000000000000101";
constexpr const char* kOther = "000000000000202";
constexpr const char* kItem = "TM00000000000021";

class RecordsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-mnreccli-XXXXXX";
    dir_ = mkdtemp(tmpl);
    db_ = dir_ + "/gateway.db";
    generateCheckpointKeyPair(dir_ + "/cp.key", dir_ + "/cp.pub");
    BrokerSetup setup;
    setup.audit_element = "<audit checkpointKey=\"" + dir_ + "/cp.key\"/>";
    config_ = dir_ + "/renkei.xml";
    std::ofstream(config_) << brokerConfigText(setup, dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  void appendRecords(int count, const std::string& date) {
    mynumber::SqliteGatewayStore store(db_);
    for (int i = 0; i < count; ++i) {
      ProvisionRecord r;
      r.record_id = "shokai-" + date + "-" + std::to_string(i);
      r.atena_no = kPerson;
      r.requester = "062022";
      r.provider = "062014";
      r.jimu_code = "JM0030";
      r.jimu_tetsuzuki = "JM0030-01";
      r.items = {kItem};
      r.requested_at = date + "T10:00:00+09:00";
      r.result = mynumber::ProvisionResult::kProvided;
      r.unit = "062022/kokuho";
      store.append(r);
    }
  }
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }
  CommandOutput verify() {
    return runRenkeiCommand("mynumber records verify --db " + db_ + " --key " + dir_ + "/cp.pub");
  }

  std::string dir_, db_, config_;
};

TEST_F(RecordsCliTest, PurgeLeavesEvidenceAndTheSignedRestVerifies) {
  appendRecords(2, "2018-04-01");
  appendRecords(3, "2026-11-30");
  const CommandOutput unsigned_yet = verify();
  EXPECT_EQ(unsigned_yet.status, 1) << unsigned_yet.text;
  EXPECT_NE(unsigned_yet.text.find("BROKEN at record 1 (unsigned)"), std::string::npos)
      << unsigned_yet.text;

  EXPECT_EQ(runRenkeiCommand("mynumber records purge --db " + db_ + " --config " + config_).status,
            2)
      << "--actor is required";
  const CommandOutput purge = runRenkeiCommand("mynumber records purge --db " + db_ +
                                               " --actor 情報政策課 --config " + config_);
  ASSERT_EQ(purge.status, 0) << purge.text;
  EXPECT_NE(purge.text.find("(kept 7 years): purged 2 record(s) (seq 1-2)"), std::string::npos)
      << purge.text;
  EXPECT_NE(purge.text.find("anchor signed"), std::string::npos) << purge.text;

  const CommandOutput ok = verify();
  ASSERT_EQ(ok.status, 0) << ok.text;
  EXPECT_NE(ok.text.find("OK, 3 record(s), chain intact from record 3"), std::string::npos)
      << ok.text;
  EXPECT_NE(ok.text.find("signed through record 5"), std::string::npos) << ok.text;
  EXPECT_NE(ok.text.find("purged 2 record(s) (seq 1-2"), std::string::npos) << ok.text;
  EXPECT_NE(ok.text.find("by 情報政策課"), std::string::npos) << ok.text;

  const CommandOutput again = runRenkeiCommand("mynumber records purge --db " + db_ +
                                               " --actor 情報政策課 --config " + config_);
  EXPECT_NE(again.text.find("nothing to purge"), std::string::npos) << again.text;
  // The person's disclosure shows what is kept.
  const CommandOutput listed =
      runRenkeiCommand("mynumber records --db " + db_ + " --person " + kPerson + " --format csv");
  EXPECT_EQ(listed.text.find("2018-04-01"), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("2026-11-30"), std::string::npos) << listed.text;
}

TEST_F(RecordsCliTest, TamperingIsNamedAndACutEndOnlyWithTheKey) {
  appendRecords(1, "2018-04-01");
  appendRecords(4, "2026-11-30");
  ASSERT_EQ(
      runRenkeiCommand("mynumber records purge --db " + db_ + " --actor ops --config " + config_)
          .status,
      0);  // signs the purge's anchor (record 1) and the head (record 5)
  tamper("DELETE FROM provision_records WHERE seq = 5");
  const CommandOutput chain_only = runRenkeiCommand("mynumber records verify --db " + db_);
  EXPECT_EQ(chain_only.status, 0) << chain_only.text;
  EXPECT_NE(chain_only.text.find("signatures not checked"), std::string::npos) << chain_only.text;
  const CommandOutput cut = verify();
  EXPECT_EQ(cut.status, 1) << cut.text;
  EXPECT_NE(cut.text.find("BROKEN at record 5 (truncated)"), std::string::npos) << cut.text;

  tamper("UPDATE provision_records SET requester = '062014' WHERE seq = 3");
  const CommandOutput altered = verify();
  EXPECT_EQ(altered.status, 1) << altered.text;
  EXPECT_NE(altered.text.find("BROKEN at record 3 (altered)"), std::string::npos) << altered.text;
  EXPECT_EQ(
      runRenkeiCommand("mynumber records verify --db " + db_ + " --key " + dir_ + "/missing.pub")
          .status,
      1);
}

TEST_F(RecordsCliTest, TheFukuhonIsListedByPersonOrItemWithValuesOnlyWhenAsked) {
  {
    mynumber::SqliteGatewayStore records(db_);
    records.rememberFugo(kPerson, "FUGO-A", "t");
    records.rememberFugo(kOther, "FUGO-B", "t");
    mynumber::SqliteFukuhonStore fukuhon(db_);
    const auto fugo = [&records](const std::string& atena) { return records.fugoOf(atena); };
    std::vector<FukuhonEntry> batch(3);
    batch[0] = {1, kPerson, kItem, {{"課税年度", "2026"}, {"所得割額", "123400"}}, ""};
    batch[1] = {2, kPerson, "TM00000000000099", {}, "F04"};
    batch[2] = {3, kOther, kItem, {{"課税年度", "2026"}, {"所得割額", "98700"}}, ""};
    fukuhon.registerBatch("B-2026-001", batch, fugo, "2026-12-01T09:00:00+09:00");
    fukuhon.registerBatch("B-2026-002",
                          {{1, kPerson, kItem, {{"課税年度", "2026"}, {"所得割額", "130000"}}, ""}},
                          fugo, "2026-12-02T09:00:00+09:00");
  }
  const std::string list = "mynumber fukuhon --db " + db_;
  const CommandOutput person = runRenkeiCommand(list + " --person " + kPerson);
  ASSERT_EQ(person.status, 0) << person.text;
  EXPECT_NE(person.text.find("2 row(s)"), std::string::npos) << person.text;
  EXPECT_NE(person.text.find("version 2"), std::string::npos) << person.text;
  EXPECT_NE(person.text.find("B-2026-002"), std::string::npos) << person.text;
  EXPECT_NE(person.text.find("F04"), std::string::npos) << person.text;
  EXPECT_EQ(person.text.find("130000"), std::string::npos) << "values only when asked";
  EXPECT_EQ(person.text.find("FUGO-A"), std::string::npos) << "the 符号 is never shown";
  EXPECT_EQ(person.text.find(kOther), std::string::npos) << person.text;

  const CommandOutput values = runRenkeiCommand(list + " --person " + kPerson + " --values");
  EXPECT_NE(values.text.find("所得割額=130000"), std::string::npos) << values.text;
  EXPECT_EQ(values.text.find("123400"), std::string::npos) << "the old version is gone";

  const CommandOutput csv =
      runRenkeiCommand(list + " --item " + std::string(kItem) + " --format csv");
  ASSERT_EQ(csv.status, 0) << csv.text;
  EXPECT_EQ(
      csv.text.rfind("atena_no,item,version,updated_at,batch_id,fukaiji_code,value_count\r\n", 0),
      0u)
      << csv.text;
  EXPECT_NE(csv.text.find(std::string(kOther) + "," + kItem +
                          ",1,2026-12-01T09:00:00+09:00,B-2026-001,,2"),
            std::string::npos)
      << csv.text;
  EXPECT_EQ(csv.text.find("98700"), std::string::npos);

  const CommandOutput json = runRenkeiCommand(list + " --person " + kOther + " --item " + kItem +
                                              " --format json --values");
  ASSERT_EQ(json.status, 0) << json.text;
  EXPECT_TRUE(isValidJson(json.text)) << json.text;
  EXPECT_NE(json.text.find("{\"name\": \"所得割額\", \"value\": \"98700\"}"), std::string::npos)
      << json.text;

  EXPECT_EQ(runRenkeiCommand(list).status, 2) << "--person and/or --item";
  EXPECT_EQ(runRenkeiCommand(list + " --person 123").status, 2);
  EXPECT_EQ(runRenkeiCommand("mynumber fukuhon --db " + dir_ + "/none.db --item x").status, 2);
}

}  // namespace
}  // namespace renkei::testing

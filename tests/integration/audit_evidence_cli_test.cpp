// Evidence that survives its administrator, as an operator and an auditor see it: the real
// broker signs checkpoints with a key made by `renkei audit keygen`, records who acted, and the
// real `renkei audit verify / export` name what was done to the trail, with exit codes.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

void execSql(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(handle);
}

constexpr const char* kDropGuards =
    "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; "
    "DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_delete; ";

class AuditEvidenceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-keys-XXXXXX";
    keys_ = mkdtemp(tmpl);
    const auto keygen = runRenkeiCommand("audit keygen --out " + keys_ + "/audit");
    ASSERT_EQ(keygen.status, 0) << keygen.text;
    juki_ = std::make_unique<UnitProcess>("unit_juki");
    BrokerSetup setup{{{"062022/juki", juki_->url()}}};
    setup.audit_element = "<audit instanceId=\"broker-it\" checkpointKey=\"" + keys_ +
                          "/audit.key\" checkpointEveryRecords=\"3\"/>";
    broker_ = std::make_unique<RunningBroker>(setup);
    SoapClient client;
    for (int i = 0; i < 3; ++i) {
      client.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
      client.post(broker_->url(), trafficFile("ido-joho-shokai.cross-tenant.xml"));
    }
    broker_->stop();  // a clean stop signs the head
  }
  void TearDown() override { std::filesystem::remove_all(keys_); }

  std::string verify(const std::string& extra = "") {
    last_ = runRenkeiCommand("audit verify --config " + broker_->configPath() + " " + extra);
    return last_.text;
  }

  std::string keys_;
  std::unique_ptr<UnitProcess> juki_;
  std::unique_ptr<RunningBroker> broker_;
  CommandOutput last_;
};

TEST_F(AuditEvidenceCliTest, KeygenWritesAPrivateKeyOnlyItsOwnerCanRead) {
  struct stat st {};
  ASSERT_EQ(stat((keys_ + "/audit.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto again = runRenkeiCommand("audit keygen --out " + keys_ + "/audit");
  EXPECT_EQ(again.status, 1) << again.text;
  EXPECT_NE(again.text.find("audit.key"), std::string::npos) << again.text;
}

TEST_F(AuditEvidenceCliTest, RecordsSayWhoActedAndWhichInstance) {
  const auto records = broker_->exchanges();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0].operator_id, "kokuho-staff-014");
  EXPECT_EQ(records[0].case_reference, "KH-2024-000318");
  EXPECT_EQ(records[0].instance_id, "broker-it");
  EXPECT_EQ(records[0].peer_address.rfind("127.0.0.1:", 0), 0u) << records[0].peer_address;
  // A plain unit is taken at its word, on loopback only: the record says which unit that was.
  EXPECT_EQ(records[0].authenticated_unit, "062022/kokuho");
}

TEST_F(AuditEvidenceCliTest, VerifyWithTheKeyChecksEveryCheckpoint) {
  const std::string out = verify("--key " + keys_ + "/audit.pub");
  EXPECT_EQ(last_.status, 0) << out;
  EXPECT_NE(out.find(std::to_string(broker_->audit().size()) + " records"), std::string::npos)
      << out;
  // "1 signed checkpoint verified" or "N signed checkpoints verified".
  EXPECT_NE(out.find(" signed checkpoint"), std::string::npos) << out;
  EXPECT_NE(out.find(" verified ("), std::string::npos) << out;
}

TEST_F(AuditEvidenceCliTest, DeletedTailPassesTheChainButNotTheSignature) {
  // The last two exchanges go.
  const std::string last = std::to_string(broker_->audit().size());
  const std::string first_gone = std::to_string(exchangeSeq(broker_->dbPath(), 5));
  execSql(broker_->dbPath(),
          std::string(kDropGuards) + "DELETE FROM audit WHERE seq >= " + first_gone);
  verify();
  EXPECT_EQ(last_.status, 0) << last_.text;
  const std::string out = verify("--key " + keys_ + "/audit.pub");
  EXPECT_EQ(last_.status, 1) << out;
  EXPECT_NE(out.find("records " + first_gone + " to " + last + " were deleted"), std::string::npos)
      << out;
  EXPECT_NE(out.find("first bad record: " + first_gone), std::string::npos) << out;
}

TEST_F(AuditEvidenceCliTest, ATypeChangedValueIsNamedEvenWithoutTheKey) {
  const std::string second = std::to_string(exchangeSeq(broker_->dbPath(), 2));
  execSql(broker_->dbPath(),
          std::string(kDropGuards) +
              "UPDATE audit SET latency_us = '1631 (edited)' WHERE seq = " + second);
  const std::string out = verify();
  EXPECT_EQ(last_.status, 1) << out;
  EXPECT_NE(out.find("record " + second + " was edited"), std::string::npos) << out;
  EXPECT_NE(out.find("latency_us"), std::string::npos) << out;
  // An investigator looking at that record is told as well.
  const auto shown =
      runRenkeiCommand("audit show --seq " + second + " --config " + broker_->configPath());
  EXPECT_EQ(shown.status, 0) << shown.text;
  EXPECT_NE(shown.text.find("column problem"), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find("latency_us"), std::string::npos) << shown.text;
}

TEST_F(AuditEvidenceCliTest, ExportedBundleVerifiesOfflineAndNamesAnEditedRecord) {
  const std::string bundle = keys_ + "/trail.jsonl";
  const std::string third = std::to_string(exchangeSeq(broker_->dbPath(), 3));
  const std::string records = std::to_string(broker_->audit().size()) + " records";
  const auto exported =
      runRenkeiCommand("audit export --config " + broker_->configPath() + " --out " + bundle);
  ASSERT_EQ(exported.status, 0) << exported.text;
  EXPECT_NE(exported.text.find(records), std::string::npos) << exported.text;
  // The database is gone; the bundle and the public key are all the auditor has.
  std::filesystem::remove(broker_->dbPath());
  auto ok = runRenkeiCommand("audit verify --bundle " + bundle + " --key " + keys_ + "/audit.pub");
  EXPECT_EQ(ok.status, 0) << ok.text;

  std::stringstream text;
  text << std::ifstream(bundle).rdbuf();
  std::string edited = text.str();
  const auto at = edited.find("\"seq\":" + third + ",");
  ASSERT_NE(at, std::string::npos);
  const auto op = edited.find("kokuho-staff-014", at);
  ASSERT_NE(op, std::string::npos);
  edited.replace(op, 16, "kokuho-staff-999");
  std::ofstream(bundle, std::ios::trunc) << edited;
  auto bad = runRenkeiCommand("audit verify --bundle " + bundle + " --key " + keys_ + "/audit.pub");
  EXPECT_EQ(bad.status, 1) << bad.text;
  EXPECT_NE(bad.text.find("first bad record: " + third), std::string::npos) << bad.text;
}

TEST_F(AuditEvidenceCliTest, ShowGivesEveryRecordOfOneMessageAndNoOther) {
  const auto records = broker_->exchanges();
  ASSERT_EQ(records.size(), 6u);
  // Each post had a MessageId of its own (several records of one MessageId, a retry or a refused
  // replay: StoreContract.AuditRecordsWithAMessageIdAreEveryRecordThatCarriesItInSeqOrder).
  const std::string id = records[3].message_id;
  std::vector<AuditRecord> of_it;
  for (const auto& r : records) {
    if (r.message_id == id) of_it.push_back(r);
  }
  ASSERT_EQ(of_it.size(), 1u);
  const std::string config = " --config " + broker_->configPath();
  const auto shown = runRenkeiCommand("audit show --message-id " + id + config);
  ASSERT_EQ(shown.status, 0) << shown.text;
  for (const auto& r : records) {
    const bool listed =
        shown.text.find("record " + std::to_string(r.seq) + "\n") != std::string::npos;
    EXPECT_EQ(listed, r.message_id == id) << "record " << r.seq << "\n" << shown.text;
  }
  EXPECT_NE(shown.text.find(of_it[0].hash), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find(of_it[0].sender), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find(of_it[0].receiver), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find(of_it[0].outcome), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find(of_it[0].peer_address), std::string::npos) << shown.text;

  const auto json = runRenkeiCommand("audit show --format json --message-id " + id + config);
  ASSERT_EQ(json.status, 0) << json.text;
  std::istringstream lines(json.text);
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(count, of_it.size()) << json.text;
    EXPECT_EQ(line.rfind("{\"type\":\"record\",\"seq\":" + std::to_string(of_it[count].seq), 0), 0u)
        << line;
    EXPECT_NE(line.find("\"hash\":\"" + of_it[count].hash + "\""), std::string::npos) << line;
    ++count;
  }
  EXPECT_EQ(count, of_it.size()) << json.text;

  const auto one = runRenkeiCommand("audit show --seq " + std::to_string(records[1].seq) + config);
  ASSERT_EQ(one.status, 0) << one.text;
  EXPECT_NE(one.text.find(records[1].message_id), std::string::npos) << one.text;
  EXPECT_EQ(one.text.find("record " + std::to_string(records[0].seq) + "\n"), std::string::npos)
      << one.text;
}

TEST_F(AuditEvidenceCliTest, ShowSaysWhenNothingMatchesAndRefusesAnUnclearQuestion) {
  const std::string config = " --config " + broker_->configPath();
  const auto none = runRenkeiCommand("audit show --message-id urn:uuid:never-sent" + config);
  EXPECT_EQ(none.status, 1) << none.text;
  EXPECT_NE(none.text.find("no audit record with MessageId urn:uuid:never-sent"), std::string::npos)
      << none.text;
  const auto past_the_end = runRenkeiCommand("audit show --seq 999999" + config);
  EXPECT_EQ(past_the_end.status, 1) << past_the_end.text;
  EXPECT_NE(past_the_end.text.find("no audit record at seq 999999"), std::string::npos)
      << past_the_end.text;
  for (const char* unclear :
       {"", " --message-id x --seq 1", " --seq 0", " --seq 1x", " --message-id x --format xml"}) {
    const auto refused = runRenkeiCommand("audit show" + std::string(unclear) + config);
    EXPECT_EQ(refused.status, 2) << unclear << ": " << refused.text;
    EXPECT_NE(refused.text.find("renkei audit show:"), std::string::npos) << refused.text;
  }
}

TEST_F(AuditEvidenceCliTest, ABrokerRefusesAKeyOthersCanRead) {
  chmod((keys_ + "/audit.key").c_str(), 0644);
  BrokerSetup setup;
  setup.audit_element = "<audit checkpointKey=\"" + keys_ + "/audit.key\"/>";
  try {
    RunningBroker broker(setup);
    FAIL() << "the broker started with a world-readable key";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(keys_ + "/audit.key"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
}

TEST(AuditCli, HelpListsTheAuditCommands) {
  const auto help = runRenkeiCommand("audit --help");
  EXPECT_EQ(help.status, 0);
  for (const char* word : {"verify", "export", "keygen", "--bundle", "--key"}) {
    EXPECT_NE(help.text.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace renkei::testing

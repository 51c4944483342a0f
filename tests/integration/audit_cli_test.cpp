// `renkei audit verify` and `renkei links list` as an operator runs them: the real executable
// against the store a real broker wrote.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

struct CommandOutput {
  int status = -1;
  std::string text;
};

CommandOutput runRenkei(const std::string& args) {
  const std::string command = std::string(RENKEI_BINARY_DIR) + "/broker/renkei " + args + " 2>&1";
  CommandOutput out;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.text.append(buf.data(), n);
  out.status = WEXITSTATUS(pclose(pipe));
  return out;
}

// What someone with write access to the file does first: the append-only triggers go.
constexpr const char* kDropGuards = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; ";

void execSql(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(handle);
}

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    juki_ = std::make_unique<UnitProcess>("unit_juki");
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/juki", juki_->url()}}});
    SoapClient client;
    for (int i = 0; i < 3; ++i) {
      client.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
      client.post(broker_->url(), trafficFile("ido-joho-shokai.cross-tenant.xml"));
    }
    broker_->stop();
  }
  std::unique_ptr<UnitProcess> juki_;
  std::unique_ptr<RunningBroker> broker_;
};

TEST_F(AuditCliTest, VerifyPassesOnAFreshTrail) {
  CommandOutput out = runRenkei("audit verify --config " + broker_->configPath());
  EXPECT_EQ(out.status, 0) << out.text;
  ASSERT_EQ(broker_->exchanges().size(), 6u);
  // The six exchanges after the seeded links' records.
  const std::string records = std::to_string(broker_->audit().size()) + " records";
  EXPECT_NE(out.text.find(records), std::string::npos) << out.text;
}

TEST_F(AuditCliTest, VerifyNamesTheRecordThatWasEdited) {
  const std::string seq = std::to_string(exchangeSeq(broker_->dbPath(), 4));
  execSql(broker_->dbPath(),
          std::string(kDropGuards) + "UPDATE audit SET outcome = 'routed' WHERE seq = " + seq);
  CommandOutput out = runRenkei("audit verify --config " + broker_->configPath());
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_NE(out.text.find("record " + seq), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("edited"), std::string::npos) << out.text;
}

TEST_F(AuditCliTest, VerifyNamesWhereARecordWasDeleted) {
  const int64_t third = exchangeSeq(broker_->dbPath(), 3);
  execSql(broker_->dbPath(),
          std::string(kDropGuards) + "DELETE FROM audit WHERE seq = " + std::to_string(third));
  CommandOutput out = runRenkei("audit verify --config " + broker_->configPath());
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_NE(out.text.find("deleted"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("record " + std::to_string(third + 1)), std::string::npos) << out.text;
}

TEST_F(AuditCliTest, ConfigCheckWarnsWhenTheAdminListenerLeavesThisMachine) {
  CommandOutput loopback = runRenkei("config check --config " + broker_->configPath());
  EXPECT_EQ(loopback.status, 0) << loopback.text;
  EXPECT_EQ(loopback.text.find("warning"), std::string::npos) << loopback.text;

  std::string config = readTextFile(broker_->configPath());
  replaceAll(config, "<admin host=\"127.0.0.1\"", "<admin host=\"0.0.0.0\"");
  const std::string exposed = broker_->configPath() + ".exposed.xml";
  std::ofstream(exposed) << config;
  CommandOutput out = runRenkei("config check --config " + exposed);
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("warning: <admin host=\"0.0.0.0\">"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("no authentication"), std::string::npos) << out.text;
}

TEST_F(AuditCliTest, ConfigCheckWarnsWhenOneReceiverCanHoldEveryWorker) {
  std::string config = readTextFile(broker_->configPath());
  replaceAll(config, "workers=\"64\"", "workers=\"40\"");
  const std::string small_pool = broker_->configPath() + ".small-pool.xml";
  std::ofstream(small_pool) << config;
  CommandOutput out = runRenkei("config check --config " + small_pool);
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("40 workers"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("16 in flight + 32 waiting"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("one unit that stops answering can hold every worker"), std::string::npos)
      << out.text;
}

TEST_F(AuditCliTest, LinksListPrintsTheInventory) {
  CommandOutput out = runRenkei("links list --config " + broker_->configPath());
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("062022/kokuho"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("国民健康保険法"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("proposed"), std::string::npos) << out.text;
}

}  // namespace
}  // namespace renkei::testing

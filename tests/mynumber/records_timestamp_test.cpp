// RFC 3161 timestamps on the gateway's checkpoints (docs/mynumber.md): with <audit tsaUrl> the
// gateway's AuditCheckpointer has each checkpoint of the 情報提供等記録 countersigned by a TSA, as
// the audit trail's are; `records verify` then checks the token like `renkei audit verify` does.
// A real `openssl ts -reply` authority on loopback, a real SQLite file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sstream>

#include "adapters/mynumber/sqlite_gateway_store.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/checkpoint_key.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/local_tsa.h"

namespace renkei::mynumber {
namespace {

using test_support::LocalTsa;
using testing::rawSql;
using testing::TempDir;

class RecordsTimestampTest : public ::testing::Test {
 protected:
  RecordsTimestampTest() { generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub")); }

  void append(int count) {
    for (int i = 0; i < count; ++i) {
      ProvisionRecord r;
      r.record_id = "shokai-" + std::to_string(++counter_);
      r.atena_no = "000000000000101";
      r.requester = "062022";
      r.provider = "062014";
      r.jimu_code = "JM0030";
      r.jimu_tetsuzuki = "JM0030-01";
      r.items = {"TM00000000000021"};
      r.requested_at = "2026-12-01T10:00:00+09:00";
      r.result = ProvisionResult::kRefused;
      r.unit = "062022/kokuho";
      store_.append(r);
    }
  }
  // Signs the head as the running gateway does with <audit tsaUrl>.
  void checkpoint() {
    CheckpointOptions options;
    options.instance_id = "062022/mynumber-gw";
    options.tsa_url = tsa_.url();
    options.tsa_timeout = std::chrono::milliseconds(3000);
    AuditCheckpointer checkpointer(store_, CheckpointSigner::fromFile(dir_.file("cp.key")), options,
                                   log_);
    ASSERT_TRUE(checkpointer.checkpointNow().has_value()) << log_.str();
  }
  ChainCheck verify(const std::string& tsa_ca) {
    const CheckpointVerifier key = CheckpointVerifier::fromFile(dir_.file("cp.pub"));
    return store_.verifyChain(&key, tsa_ca);
  }

  TempDir dir_;
  std::string db_ = dir_.file("gateway.db");
  SqliteGatewayStore store_{db_};
  LocalTsa tsa_{dir_.file("tsa")};
  std::ostringstream log_;
  int counter_ = 0;
};

TEST_F(RecordsTimestampTest, TheGatewaysCheckpointsCarryATimestampThatVerifies) {
  append(2);
  checkpoint();
  append(1);
  checkpoint();
  ASSERT_EQ(tsa_.requests(), 2);
  for (const AuditCheckpoint& c : store_.checkpoints()) EXPECT_FALSE(c.tsa_token.empty());
  const ChainCheck check = verify(tsa_.caFile());
  EXPECT_TRUE(check.ok()) << check.reason;
  EXPECT_EQ(check.timestamps_checked, 2);
  EXPECT_NE(check.last_timestamp.find("GMT"), std::string::npos) << check.last_timestamp;
  EXPECT_EQ(verify("").timestamps_checked, 2) << "covered, the TSA's signature unchecked";
}

TEST_F(RecordsTimestampTest, ATimestampMovedToAnotherCheckpointIsForged) {
  append(2);
  checkpoint();
  append(1);
  checkpoint();
  rawSql(db_,
         "UPDATE provision_checkpoints SET tsa_token = (SELECT tsa_token FROM "
         "provision_checkpoints WHERE id = 1) WHERE id = 2");
  const ChainCheck check = verify("");
  EXPECT_EQ(check.problem, ChainProblem::kForged) << check.reason;
  EXPECT_NE(check.reason.find("has a timestamp that does not hold"), std::string::npos)
      << check.reason;
}

TEST_F(RecordsTimestampTest, ATsaCaOtherThanTheSignersIsRefused) {
  append(1);
  checkpoint();
  LocalTsa other(dir_.file("other-tsa"));
  EXPECT_EQ(verify(other.caFile()).problem, ChainProblem::kForged);
  EXPECT_TRUE(verify(tsa_.caFile()).ok());
}

TEST_F(RecordsTimestampTest, RecordsVerifySaysTheTimestampsHoldAndWhetherTheTsaWasChecked) {
  append(2);
  checkpoint();
  const std::string command =
      "mynumber records verify --db " + db_ + " --key " + dir_.file("cp.pub");
  const auto unchecked = testing::runRenkeiCommand(command);
  EXPECT_EQ(unchecked.status, 0) << unchecked.text;
  EXPECT_NE(unchecked.text.find("1 checkpoint(s) carry an RFC 3161 timestamp (give --tsa-ca"),
            std::string::npos)
      << unchecked.text;
  const auto checked = testing::runRenkeiCommand(command + " --tsa-ca " + tsa_.caFile());
  EXPECT_EQ(checked.status, 0) << checked.text;
  EXPECT_NE(checked.text.find("(TSA signatures verified)"), std::string::npos) << checked.text;

  rawSql(db_, "UPDATE provision_checkpoints SET tsa_token = 'AAAA'");
  const auto broken = testing::runRenkeiCommand(command);
  EXPECT_EQ(broken.status, 1) << broken.text;
  EXPECT_NE(broken.text.find("BROKEN (forged)"), std::string::npos) << broken.text;
  EXPECT_NE(broken.text.find("has a timestamp that does not hold"), std::string::npos)
      << broken.text;
}

}  // namespace
}  // namespace renkei::mynumber

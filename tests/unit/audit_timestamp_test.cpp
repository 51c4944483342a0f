// RFC 3161 timestamps on checkpoints, against a real `openssl ts -reply` authority behind a
// loopback HTTP responder, with a CA and TSA certificate the test makes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/local_tsa.h"

namespace renkei {
namespace {

using test_support::LocalTsa;
using testing::kDropAuditGuards;
using testing::makeAuditRecord;
using testing::rawSql;
using testing::TempDir;

void sh(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

class AuditTimestampTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub"));
    std::vector<AuditRecord> batch;
    for (int i = 1; i <= 4; ++i) batch.push_back(makeAuditRecord(i));
    store_.appendAudit(batch);
  }

  std::optional<AuditCheckpoint> checkpoint(const std::string& tsa_url) {
    CheckpointOptions options;
    options.instance_id = "broker-a:8080";
    options.tsa_url = tsa_url;
    options.tsa_timeout = std::chrono::milliseconds(3000);
    AuditCheckpointer cp(store_, CheckpointSigner::fromFile(dir_.file("cp.key")), options, log_);
    return cp.checkpointNow();
  }

  void appendOne(int n) {
    std::vector<AuditRecord> batch{makeAuditRecord(n)};
    store_.appendAudit(batch);
  }

  AuditVerification verify(const std::string& ca) {
    return verifyAuditTrail(store_, CheckpointVerifier::fromFile(dir_.file("cp.pub")), ca);
  }

  TempDir dir_;
  std::string path_ = dir_.file("audit.db");
  SqliteStore store_{path_};
  LocalTsa tsa_{dir_.file("tsa")};
  std::ostringstream log_;
};

TEST_F(AuditTimestampTest, CheckpointsCarryATimestampThatVerifiesWithTheTsaCa) {
  const auto cp = checkpoint(tsa_.url());
  ASSERT_TRUE(cp);
  EXPECT_FALSE(cp->tsa_token.empty()) << log_.str();
  const auto result = verify(tsa_.caFile());
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.timestamps_checked, 1);
  EXPECT_NE(result.last_timestamp.find("GMT"), std::string::npos) << result.last_timestamp;
}

TEST_F(AuditTimestampTest, TheTokenVerifiesWithTheOpensslCommandToo) {
  const auto cp = checkpoint(tsa_.url());
  ASSERT_TRUE(cp && !cp->tsa_token.empty()) << log_.str();
  std::ofstream(dir_.file("token.b64")) << cp->tsa_token << "\n";
  std::ofstream(dir_.file("payload.bin"), std::ios::binary) << checkpointPayload(*cp);
  sh("openssl base64 -d -A -in " + dir_.file("token.b64") + " -out " + dir_.file("token.tsr") +
     " && openssl ts -verify -in " + dir_.file("token.tsr") + " -data " + dir_.file("payload.bin") +
     " -CAfile " + tsa_.caFile() + " >/dev/null 2>&1");
}

TEST_F(AuditTimestampTest, ATimestampMovedToAnotherCheckpointIsRefused) {
  checkpoint(tsa_.url());
  appendOne(5);
  checkpoint(tsa_.url());
  rawSql(path_, std::string(kDropAuditGuards) +
                    "UPDATE audit_checkpoint SET tsa_token = (SELECT tsa_token FROM "
                    "audit_checkpoint WHERE id = 1) WHERE id = 2");
  const auto result = verify("");
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kForged);
  EXPECT_NE(result.message.find("timestamp"), std::string::npos) << result.message;
}

TEST_F(AuditTimestampTest, ATsaCaOtherThanTheSignersIsRefused) {
  checkpoint(tsa_.url());
  sh("cd " + dir_.file("") +
     " && openssl req -x509 -newkey ec -pkeyopt "
     "ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.crt -subj /CN=Other -days 2 "
     "2>/dev/null");
  EXPECT_FALSE(verify(dir_.file("other.crt")).ok);
  EXPECT_TRUE(verify(tsa_.caFile()).ok);
}

TEST_F(AuditTimestampTest, AnUnreachableTsaLeavesASignedCheckpointAndALogLine) {
  const auto cp = checkpoint("http://127.0.0.1:1/tsa");
  ASSERT_TRUE(cp);
  EXPECT_TRUE(cp->tsa_token.empty());
  EXPECT_NE(log_.str().find("without a timestamp"), std::string::npos) << log_.str();
  const auto result = verify("");
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.timestamps_checked, 0);
}

}  // namespace
}  // namespace renkei

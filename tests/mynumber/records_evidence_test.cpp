// The 情報提供等記録 as evidence (docs/mynumber.md): the gateway's record chain on a real SQLite
// file, signed with a real Ed25519 checkpoint key by the broker's own AuditCheckpointer, then
// tampered with behind the gateway's back (as anyone with write access to the file could) and
// verified. Also the retention purge: what it removes, the evidence it leaves, and that the
// remaining chain still verifies while a purge faked in the file does not.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "adapters/mynumber/record_keeper.h"
#include "adapters/mynumber/record_retention.h"
#include "adapters/mynumber/sqlite_gateway_store.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/checkpoint_key.h"

namespace renkei::mynumber {
namespace {

class RecordsEvidenceTest : public ::testing::Test {
 protected:
  RecordsEvidenceTest() {
    char tmpl[] = "/tmp/renkei-mnrec-XXXXXX";
    dir_ = mkdtemp(tmpl);
    db_ = dir_ + "/gateway.db";
    generateCheckpointKeyPair(dir_ + "/cp.key", dir_ + "/cp.pub");
    store_ = std::make_unique<SqliteGatewayStore>(db_);
  }
  ~RecordsEvidenceTest() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  CheckpointSigner signer(const std::string& name = "cp") const {
    return CheckpointSigner::fromFile(dir_ + "/" + name + ".key");
  }
  CheckpointVerifier key() const { return CheckpointVerifier::fromFile(dir_ + "/cp.pub"); }

  void append(int count, const std::string& date = "2026-12-01") {
    for (int i = 0; i < count; ++i) {
      ProvisionRecord r;
      r.record_id = "shokai-" + std::to_string(++counter_);
      r.atena_no = "000000000000101";
      r.requester = "062022";
      r.provider = "062014";
      r.jimu_code = "JM0030";
      r.jimu_tetsuzuki = "JM0030-01";
      r.items = {"TM00000000000021"};
      r.requested_at = date + "T10:00:00+09:00";
      r.provided_at = date + "T10:00:01+09:00";
      r.result = ProvisionResult::kProvided;
      r.unit = "062022/kokuho";
      store_->append(r);
    }
  }
  // Signs the head as the running gateway does.
  void checkpoint(const std::string& key_name = "cp") {
    std::ostringstream log;
    AuditCheckpointer checkpointer(*store_, signer(key_name), CheckpointOptions{}, log);
    ASSERT_TRUE(checkpointer.checkpointNow().has_value()) << log.str();
  }
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_close(db);
  }
  // Rewrites record `seq` and recomputes every hash from it on: a chain consistent in itself.
  void rewriteAndRehash(int64_t seq) {
    std::vector<ProvisionRecord> records = store_->allRecords();
    std::string prev;
    for (ProvisionRecord& r : records) {
      if (r.seq == seq) r.detail = "書き換え";
      if (r.seq >= seq) {
        r.prev_hash = prev;
        r.hash = provisionRecordHash(r);
        tamper("UPDATE provision_records SET detail = '" + r.detail + "', prev_hash = '" +
               r.prev_hash + "', hash = '" + r.hash + "' WHERE seq = " + std::to_string(r.seq));
      }
      prev = r.hash;
    }
  }
  ChainCheck verify() {
    const CheckpointVerifier k = key();
    return store_->verifyChain(&k);
  }

  std::string dir_, db_;
  std::unique_ptr<GatewayStore> store_;
  int counter_ = 0;
};

TEST_F(RecordsEvidenceTest, ASignedChainVerifiesAndSaysHowFarItIsSigned) {
  append(5);
  checkpoint();
  append(2);
  const ChainCheck check = verify();
  EXPECT_TRUE(check.ok()) << check.reason;
  EXPECT_EQ(check.records, 7);
  EXPECT_EQ(check.checkpoints_checked, 1);
  EXPECT_EQ(check.signed_through, 5) << "the last two are chained, not signed yet";
  // The checkpoint is the audit trail's: its payload verifies with the broker's key.
  const auto stored = store_->checkpoints();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(key().verify(checkpointPayload(stored[0]), stored[0].signature));
}

TEST_F(RecordsEvidenceTest, AnAlteredRecordIsNamed) {
  append(5);
  checkpoint();
  tamper("UPDATE provision_records SET result = '不開示' WHERE seq = 3");
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 3);
}

TEST_F(RecordsEvidenceTest, ARemovedRecordIsNamed) {
  append(5);
  checkpoint();
  tamper("DELETE FROM provision_records WHERE seq = 3");
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kRemoved) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 4);
  EXPECT_NE(check.reason.find("record 3 is missing"), std::string::npos) << check.reason;
}

TEST_F(RecordsEvidenceTest, AnInsertedRecordIsNamed) {
  append(5);
  checkpoint();
  // Make room at seq 3 and slip in a record chained to record 2, with a correct hash of its own.
  for (int seq = 5; seq >= 3; --seq) {
    tamper("UPDATE provision_records SET seq = " + std::to_string(seq + 1) +
           " WHERE seq = " + std::to_string(seq));
  }
  ProvisionRecord fake = store_->allRecords()[1];
  fake.seq = 3;
  fake.record_id = "shokai-fake";
  fake.prev_hash = fake.hash;
  fake.hash = provisionRecordHash(fake);
  tamper(
      "INSERT INTO provision_records SELECT 3, 'shokai-fake', atena_no, requester, provider, "
      "jimu_code, jimu_tetsuzuki, items, requested_at, provided_at, result, detail, unit, '" +
      fake.prev_hash + "', '" + fake.hash + "' FROM provision_records WHERE seq = 2");
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kInserted) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 4);
}

TEST_F(RecordsEvidenceTest, RecordsCutFromTheEndAreShownOnlyByTheSignature) {
  append(5);
  checkpoint();
  tamper("DELETE FROM provision_records WHERE seq > 3");
  EXPECT_TRUE(store_->verifyChain().ok()) << "the chain alone cannot show a cut end";
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kTruncated) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 4);
  EXPECT_NE(check.reason.find("records 4-5 were removed from the end"), std::string::npos)
      << check.reason;
}

TEST_F(RecordsEvidenceTest, ARecordRewrittenWithItsHashesRecomputedIsShownByTheSignature) {
  append(5);
  checkpoint();
  rewriteAndRehash(2);
  EXPECT_TRUE(store_->verifyChain().ok()) << "consistent in itself";
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 5) << "the signed head no longer matches";
}

TEST_F(RecordsEvidenceTest, ABadSignatureIsReported) {
  append(3);
  checkpoint();
  // A checkpoint moved to vouch for fewer records, so that the end could be cut.
  tamper(
      "UPDATE provision_checkpoints SET seq = 2, head_hash = (SELECT hash FROM "
      "provision_records WHERE seq = 2)");
  ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kForged) << check.reason;
  EXPECT_NE(check.reason.find("invalid signature"), std::string::npos) << check.reason;

  // One signed with a key that is not the broker's.
  tamper("DELETE FROM provision_checkpoints");
  generateCheckpointKeyPair(dir_ + "/other.key", dir_ + "/other.pub");
  checkpoint("other");
  check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kForged) << check.reason;
  EXPECT_NE(check.reason.find("names a key other than"), std::string::npos) << check.reason;
}

TEST_F(RecordsEvidenceTest, RecordsNoCheckpointCoversAreUnsigned) {
  append(3);
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kUnsigned) << check.reason;
}

TEST_F(RecordsEvidenceTest, RetentionIsSevenYearsByTheCalendarInJapan) {
  EXPECT_EQ(kDefaultRecordRetentionYears, 7);
  EXPECT_EQ(retentionCutoff("2026-12-02", 7), "2019-12-02");
  EXPECT_EQ(retentionCutoff("2024-02-29", 7), "2017-02-28");
  EXPECT_THROW(retentionCutoff("yesterday", 7), std::invalid_argument);
}

TEST_F(RecordsEvidenceTest, APurgeRemovesTheOldestRecordsAndTheRestStillVerifies) {
  append(3, "2018-06-01");
  append(1, "2026-11-30");
  append(1, "2018-07-01");  // out of order: kept, the chain only loses its oldest part
  checkpoint();
  const CheckpointSigner s = signer();
  const PurgeResult result = store_->purgeBefore("2019-12-02", "情報政策課", "2026-12-02T01:00:00Z",
                                                 &s, "062022/mynumber-gw");
  EXPECT_EQ(result.count, 3);
  EXPECT_EQ(result.first_seq, 1);
  EXPECT_EQ(result.last_seq, 3);
  EXPECT_TRUE(result.signed_anchor);
  ASSERT_EQ(store_->allRecords().size(), 2u);
  EXPECT_EQ(store_->allRecords().front().seq, 4);

  const auto purges = store_->purges();
  ASSERT_EQ(purges.size(), 1u);
  EXPECT_EQ(purges[0].count, 3);
  EXPECT_EQ(purges[0].cutoff, "2019-12-02");
  EXPECT_EQ(purges[0].actor, "情報政策課");

  const ChainCheck check = verify();
  EXPECT_TRUE(check.ok()) << check.reason;
  EXPECT_EQ(check.purged_through, 3);
  EXPECT_EQ(check.signed_through, 5);
  // Nothing more is past retention: a second purge removes nothing and records nothing.
  EXPECT_EQ(store_->purgeBefore("2019-12-02", "x", "t", &s, "gw").count, 0);
  EXPECT_EQ(store_->purges().size(), 1u);
}

TEST_F(RecordsEvidenceTest, RecordsRemovedFromTheStartWithoutAPurgeAreNamed) {
  append(4);
  checkpoint();
  tamper("DELETE FROM provision_records WHERE seq <= 2");
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kRemoved) << check.reason;
  EXPECT_NE(check.reason.find("records 1-2 are missing (removed from the start"), std::string::npos)
      << check.reason;
}

TEST_F(RecordsEvidenceTest, APurgeWrittenIntoTheFileIsNotVouchedFor) {
  append(4, "2025-01-01");
  checkpoint();
  // What a purge would have left, written by hand: records gone, evidence row, no signature.
  tamper(
      "INSERT INTO provision_purges(purged_at, cutoff, first_seq, last_seq, count, "
      "anchor_hash, actor) SELECT '2026-12-02T00:00:00Z', '2026-01-01', 1, 2, 2, hash, "
      "'gateway' FROM provision_records WHERE seq = 2");
  tamper("DELETE FROM provision_records WHERE seq <= 2");
  EXPECT_TRUE(store_->verifyChain().ok()) << "without the key the evidence is taken as written";
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kRemoved) << check.reason;
  EXPECT_NE(check.reason.find("not vouched for by a signed checkpoint"), std::string::npos)
      << check.reason;
}

TEST_F(RecordsEvidenceTest, RemovingThePurgeEvidenceIsNoticed) {
  append(2, "2018-01-01");
  append(2);
  checkpoint();
  const CheckpointSigner s = signer();
  ASSERT_EQ(store_->purgeBefore("2019-12-02", "gateway", "t", &s, "gw").count, 2);
  tamper("DELETE FROM provision_purges");
  const ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kRemoved) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 3);
}

// The purge's evidence is signed (provisionPurgeHash): its count, range, dates and who purged
// are what the checkpoint signed at the purge vouches for, so a row edited afterwards is named.
TEST_F(RecordsEvidenceTest, AnAlteredPurgeRowIsNamed) {
  append(3, "2018-01-01");
  append(2);
  checkpoint();
  const CheckpointSigner s = signer();
  ASSERT_EQ(store_->purgeBefore("2019-12-02", "情報政策課", "2026-12-02T01:00:00Z", &s, "gw").count,
            3);
  ASSERT_TRUE(verify().ok()) << verify().reason;

  // Its date and cutoff moved, so that the purge looks like a routine one of later records.
  tamper("UPDATE provision_purges SET cutoff = '2026-01-01', purged_at = '2026-12-01T00:00:00Z'");
  EXPECT_TRUE(store_->verifyChain().ok()) << "without the key the evidence is taken as written";
  ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 1);
  EXPECT_NE(check.reason.find("is not what was signed at the purge"), std::string::npos)
      << check.reason;

  // Who purged it, rewritten.
  tamper(
      "UPDATE provision_purges SET cutoff = '2019-12-02', purged_at = '2026-12-02T01:00:00Z', "
      "actor = 'gateway'");
  EXPECT_EQ(verify().problem, ChainProblem::kAltered) << verify().reason;

  // A count that its range does not hold is named even without the key.
  tamper("UPDATE provision_purges SET actor = '情報政策課', count = 1");
  check = store_->verifyChain();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  EXPECT_NE(check.reason.find("says 1 record(s) were removed"), std::string::npos) << check.reason;

  tamper("UPDATE provision_purges SET count = 3");
  EXPECT_TRUE(verify().ok()) << "restored as signed: " << verify().reason;
}

TEST_F(RecordsEvidenceTest, AnEarlierPurgeRowRemovedOrAlteredIsNamed) {
  append(2, "2017-01-01");
  append(2, "2018-01-01");
  append(1);
  checkpoint();
  const CheckpointSigner s = signer();
  ASSERT_EQ(store_->purgeBefore("2017-12-31", "gateway", "2026-11-01T01:00:00Z", &s, "gw").count,
            2);
  ASSERT_EQ(store_->purgeBefore("2019-12-02", "gateway", "2026-12-01T01:00:00Z", &s, "gw").count,
            2);
  ASSERT_TRUE(verify().ok()) << verify().reason;
  ASSERT_EQ(store_->purges().size(), 2u);

  // The first purge's actor edited: its own signature no longer matches, and the second purge's
  // evidence, chained over it, neither.
  tamper("UPDATE provision_purges SET actor = '誰か' WHERE id = 1");
  ChainCheck check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  EXPECT_EQ(check.first_broken_seq, 1);

  // The first purge's row deleted: records 1-2 went with no purge saying so.
  tamper("DELETE FROM provision_purges WHERE id = 1");
  check = verify();
  EXPECT_EQ(check.problem, ChainProblem::kRemoved) << check.reason;
  EXPECT_NE(check.reason.find("records 1-2 went without a purge saying so"), std::string::npos)
      << check.reason;
  EXPECT_EQ(store_->verifyChain().problem, ChainProblem::kRemoved) << "the chain alone shows it";
}

TEST_F(RecordsEvidenceTest, APurgeWithoutTheKeyIsKeptButReportedAsUnvouched) {
  append(2, "2018-01-01");
  append(1);
  const PurgeResult result = store_->purgeBefore("2019-12-02", "gateway", "t", nullptr, "gw");
  EXPECT_EQ(result.count, 2);
  EXPECT_FALSE(result.signed_anchor);
  EXPECT_TRUE(store_->verifyChain().ok());
  checkpoint();
  EXPECT_EQ(verify().problem, ChainProblem::kRemoved);
}

TEST_F(RecordsEvidenceTest, TheRunningKeeperSignsAndPurgesByItself) {
  append(3, "2017-03-01");
  append(2);
  std::ostringstream log;
  RecordKeeping keeping;
  keeping.checkpoint_key = dir_ + "/cp.key";
  keeping.checkpoints.every = std::chrono::milliseconds(100);
  keeping.checkpoints.instance_id = "062022/mynumber-gw";
  keeping.purge_every = std::chrono::milliseconds(100);
  {
    RecordKeeper keeper(*store_, keeping, log);
    EXPECT_TRUE(keeper.signing());
    keeper.start();
    for (int i = 0; i < 50 && (store_->purges().empty() || store_->signedThrough() < 5); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    append(1);
  }  // stopping signs the head once more
  ASSERT_EQ(store_->purges().size(), 1u) << log.str();
  EXPECT_EQ(store_->purges()[0].count, 3);
  EXPECT_EQ(store_->purges()[0].actor, "gateway");
  EXPECT_NE(log.str().find("purged 3 record(s) (seq 1-3)"), std::string::npos) << log.str();
  const ChainCheck check = verify();
  EXPECT_TRUE(check.ok()) << check.reason;
  EXPECT_EQ(check.signed_through, 6) << "signed at the clean stop";
}

}  // namespace
}  // namespace renkei::mynumber

// The audit trail end to end on real SQLite files: group commit, chain verification and the
// verifier's account of tampering done behind the broker's back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "broker/audit/audit_hash.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/batching_audit_writer.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/null_store.h"

namespace renkei {
namespace {

using testing::makeAuditRecord;
using testing::rawSql;
using testing::TempDir;

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.migrate(); }

  void appendRecords(int count) {
    std::vector<AuditRecord> batch;
    for (int i = 1; i <= count; ++i) batch.push_back(makeAuditRecord(i));
    store_.appendAudit(batch);
  }

  TempDir dir_;
  std::string path_ = dir_.file("audit.db");
  SqliteStore store_{path_};
};

TEST_F(AuditChainTest, ConcurrentRecordsFormAGaplessVerifiableChainWithGroupCommit) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  BatchingAuditWriter writer(store_);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) writer.record(makeAuditRecord(t * kPerThread + i));
    });
  }
  for (auto& thread : threads) thread.join();
  writer.stop();

  const AuditVerification verification = verifyAuditChain(store_);
  EXPECT_TRUE(verification.ok) << verification.message;
  EXPECT_EQ(verification.records_checked, kThreads * kPerThread);

  std::set<std::string> message_ids;
  store_.forEachAudit([&](const AuditRecord& r) {
    message_ids.insert(r.message_id);
    return true;
  });
  EXPECT_EQ(message_ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
  // Each commit is an fsync; with 8 writers blocked on it, later arrivals share the next one.
  EXPECT_LT(store_.auditTransactions(), kThreads * kPerThread);
  EXPECT_EQ(writer.batchesCommitted(), store_.auditTransactions());
}

// Runs `threads` callers recording `per_thread` records each, one at a time, as workers do.
int64_t commitsFor(BatchingAuditWriter& writer, int threads, int per_thread) {
  std::vector<std::thread> callers;
  for (int t = 0; t < threads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) writer.record(makeAuditRecord(t * per_thread + i));
    });
  }
  for (auto& caller : callers) caller.join();
  return writer.batchesCommitted();
}

TEST_F(AuditChainTest, CommitDelayLetsConcurrentCallersShareEachCommit) {
  // Eight callers, each waiting for its record before sending the next: without a delay the
  // writer commits whoever is queued the moment the last commit ends (often one caller, the rest
  // following into the next commit: 4-5 records per commit); with it, all eight share nearly
  // every commit.
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20;
  AuditWriterOptions options;
  options.commit_delay = std::chrono::milliseconds(20);
  BatchingAuditWriter writer(store_, options, std::cerr);
  const int64_t commits = commitsFor(writer, kThreads, kPerThread);
  writer.stop();
  EXPECT_LE(commits, kPerThread + 6)
      << "records per commit: " << double(kThreads * kPerThread) / double(commits);
  const AuditVerification verification = verifyAuditChain(store_);
  EXPECT_TRUE(verification.ok) << verification.message;
  EXPECT_EQ(verification.records_checked, kThreads * kPerThread);
}

TEST_F(AuditChainTest, CommitDelayNeverHoldsALoneCaller) {
  // One caller at a time: each batch holds one record, so no commit waits for companions.
  AuditWriterOptions options;
  options.commit_delay = std::chrono::seconds(2);
  BatchingAuditWriter writer(store_, options, std::cerr);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 1; i <= 5; ++i) writer.record(makeAuditRecord(i));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(writer.batchesCommitted(), 5);
}

TEST_F(AuditChainTest, CommitDelayNeverWaitsForCompanionsThatDoNotExist) {
  // Four closed-loop callers, counted in progress as the pipeline counts exchanges: once all
  // four are queued, nobody else can come, so the commit goes at once instead of waiting the
  // delay for twice the last batch.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10;
  std::atomic<int64_t> in_progress{0};
  AuditWriterOptions options;
  options.commit_delay = std::chrono::seconds(2);
  options.exchanges_in_progress = &in_progress;
  BatchingAuditWriter writer(store_, options, std::cerr);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ++in_progress;
        writer.record(makeAuditRecord(t * kPerThread + i));
        --in_progress;
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  writer.stop();
  EXPECT_EQ(verifyAuditChain(store_).records_checked, kThreads * kPerThread);
}

TEST_F(AuditChainTest, RecordReturnsOnlyOnceTheRecordIsInTheStore) {
  BatchingAuditWriter writer(store_);
  writer.record(makeAuditRecord(1));
  int count = 0;
  store_.forEachAudit([&](const AuditRecord&) { return ++count, true; });
  EXPECT_EQ(count, 1);
}

// A store that fails every append, to see the failure reach each waiter of the batch.
class FailingStore : public test_support::NullStore {
 public:
  void appendAudit(std::vector<AuditRecord>&) override { throw StoreError("disk I/O error"); }
  void ping(std::chrono::milliseconds) override { throw StoreError("disk I/O error"); }
};

TEST(BatchingAuditWriter, StoreErrorReachesEveryWaiterAsAuditUnavailable) {
  FailingStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, AuditWriterOptions{}, log);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      try {
        writer.record(makeAuditRecord(1));
      } catch (const AuditUnavailableError& e) {
        // The store's words stay in the log, never in what reaches a fault.
        if (std::string(e.what()).find("disk I/O") == std::string::npos) ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 4);
  EXPECT_NE(log.str().find("audit store error: disk I/O error"), std::string::npos) << log.str();
}

TEST(BatchingAuditWriter, RecordAfterStopThrows) {
  FailingStore store;
  BatchingAuditWriter writer(store);
  writer.stop();
  writer.stop();
  EXPECT_THROW(writer.record(makeAuditRecord(1)), AuditUnavailableError);
}

TEST_F(AuditChainTest, VerifierPassesOnAFreshTrail) {
  EXPECT_TRUE(verifyAuditChain(store_).ok);  // empty
  appendRecords(10);
  const auto result = verifyAuditChain(store_);
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.records_checked, 10);
  EXPECT_EQ(result.kind, AuditTamperKind::kNone);
}

TEST_F(AuditChainTest, VerifierNamesAnEditedRecord) {
  appendRecords(10);
  rawSql(path_, std::string(testing::kDropAuditGuards) +
                    "UPDATE audit SET outcome = 'routed', fault_code = '' WHERE seq = 6");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 6);
  EXPECT_EQ(result.records_checked, 5);
  EXPECT_EQ(result.kind, AuditTamperKind::kEdited);
  EXPECT_EQ(result.message, "record 6 was edited: its stored hash does not match its content");
}

TEST_F(AuditChainTest, VerifierNamesARecordWhoseHashWasOverwritten) {
  appendRecords(10);
  rawSql(path_,
         std::string(testing::kDropAuditGuards) + "UPDATE audit SET hash = 'ffff' WHERE seq = 4");
  auto result = verifyAuditChain(store_);
  EXPECT_EQ(result.first_bad_seq, 4);
  EXPECT_EQ(result.kind, AuditTamperKind::kEdited);
}

TEST_F(AuditChainTest, VerifierNamesADeletedMiddleRecord) {
  appendRecords(10);
  rawSql(path_, std::string(testing::kDropAuditGuards) + "DELETE FROM audit WHERE seq = 5");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 5);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
  EXPECT_EQ(result.message, "record 5 was deleted: record 6 follows record 4");
}

TEST_F(AuditChainTest, VerifierNamesDeletedFirstRecords) {
  appendRecords(10);
  rawSql(path_, std::string(testing::kDropAuditGuards) + "DELETE FROM audit WHERE seq <= 2");
  const auto result = verifyAuditChain(store_);
  EXPECT_EQ(result.first_bad_seq, 1);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
  EXPECT_EQ(result.message, "records 1 to 2 were deleted: the trail starts at record 3");
}

TEST_F(AuditChainTest, VerifierNamesSwappedRecords) {
  appendRecords(10);
  rawSql(path_, std::string(testing::kDropAuditGuards) +
                    "UPDATE audit SET seq = -1 WHERE seq = 3;"
                    "UPDATE audit SET seq = 3 WHERE seq = 4;"
                    "UPDATE audit SET seq = 4 WHERE seq = -1;");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 3);
  EXPECT_EQ(result.kind, AuditTamperKind::kReordered);
  EXPECT_NE(result.message.find("record 3 is out of order"), std::string::npos) << result.message;
}

TEST_F(AuditChainTest, VerifierNamesAReplacedRecord) {
  appendRecords(10);
  // Record 6 (a refusal) rewritten as routed, with a correct hash for its new content:
  // self-consistent, but record 7 still links to the original.
  std::vector<AuditRecord> records;
  store_.forEachAudit([&](const AuditRecord& r) { return records.push_back(r), true; });
  AuditRecord forged = records[5];
  forged.outcome = "routed";
  forged.fault_code = "";
  forged.hash = chainHash(forged);
  rawSql(path_, std::string(testing::kDropAuditGuards) +
                    "UPDATE audit SET outcome = 'routed', fault_code = '', hash = '" + forged.hash +
                    "' WHERE seq = 6");
  const auto result = verifyAuditChain(store_);
  EXPECT_EQ(result.first_bad_seq, 6);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
}

TEST_F(AuditChainTest, TailDeletionNeedsAnExternalAnchor) {
  // Documents the known limit: a truncated chain is still a valid chain.
  appendRecords(10);
  rawSql(path_, std::string(testing::kDropAuditGuards) + "DELETE FROM audit WHERE seq > 8");
  EXPECT_TRUE(verifyAuditChain(store_).ok);
}

}  // namespace
}  // namespace renkei

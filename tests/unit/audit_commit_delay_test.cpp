// BatchingAuditWriter's commit delay against a store whose commits wait at a gate the test
// opens, so the test decides what each batch holds and when the writer looks for companions.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <vector>

#include "broker/audit/batching_audit_writer.h"
#include "broker/core/cpu_demand.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/audit_writer_support.h"
#include "tests/unit/support/null_store.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::makeAuditRecord;

class GatedStore : public test_support::NullStore {
 public:
  void appendAuditBefore(std::vector<AuditRecord>& batch, Clock::time_point) override {
    std::unique_lock lock(mutex_);
    const int mine = ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return opened_ >= mine; });
    batch_sizes_.push_back(batch.size());
  }
  void appendAudit(std::vector<AuditRecord>& batch) override {
    appendAuditBefore(batch, Clock::time_point::max());
  }
  // True once the nth commit has reached the gate, within `limit`.
  bool awaitCommit(int nth, Clock::duration limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return arrived_ >= nth; });
  }
  void openOne() {
    std::lock_guard lock(mutex_);
    ++opened_;
    changed_.notify_all();
  }
  void openAll() {
    std::lock_guard lock(mutex_);
    opened_ = 1 << 30;
    changed_.notify_all();
  }
  std::vector<std::size_t> batchSizes() {
    std::lock_guard lock(mutex_);
    return batch_sizes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
  int opened_ = 0;
  std::vector<std::size_t> batch_sizes_;
};

// Brings a writer to the point where it has committed a batch of one and then one of two, and
// has one record queued with two exchanges in progress: a writer that waits for companions
// waits now. Returns once the batch of two is settled.
void bringToTheWait(BatchingAuditWriter& writer, GatedStore& store,
                    std::atomic<int64_t>& in_progress, std::atomic<int>& settled) {
  const auto record = [&](int n) {
    writer.recordThen(makeAuditRecord(n), test_support::unavailableOf,
                      [&](bool durable) { settled += durable ? 1 : 1000; });
  };
  record(1);
  ASSERT_TRUE(store.awaitCommit(1, seconds(5)));
  record(2);
  record(3);
  store.openOne();
  ASSERT_TRUE(store.awaitCommit(2, seconds(5)));
  record(4);
  in_progress = 2;
  store.openOne();
  ASSERT_TRUE(test_support::waitFor([&] { return settled.load() == 3; }));
}

// Lets every commit through and checks the record left over went alone, after the two batches.
void openAndSettle(BatchingAuditWriter& writer, GatedStore& store, std::atomic<int>& settled) {
  store.openAll();
  ASSERT_TRUE(test_support::waitFor([&] { return settled.load() == 4; }));
  writer.stop();
  EXPECT_EQ(store.batchSizes(), (std::vector<std::size_t>{1, 2, 1}));
}

AuditWriterOptions delayedCommitOn(std::atomic<int64_t>& in_progress, const CpuDemand& demand) {
  AuditWriterOptions options;
  options.commit_delay = seconds(3);
  options.record_timeout = seconds(10);
  options.exchanges_in_progress = &in_progress;
  options.cpu_demand = &demand;
  options.cores = 2;
  return options;
}

TEST(AuditCommitDelay, AnExchangeEndingDuringTheWaitLetsTheCommitGoAtOnce) {
  GatedStore store;
  std::atomic<int64_t> in_progress{100};
  AuditWriterOptions options;
  options.commit_delay = seconds(3);
  options.record_timeout = seconds(10);
  options.exchanges_in_progress = &in_progress;
  std::ostringstream log;
  BatchingAuditWriter writer(store, options, log);
  std::atomic<int> settled{0};
  // Of the two exchanges in progress, one has its record queued; the other may still bring a
  // companion, so the writer waits for it.
  bringToTheWait(writer, store, in_progress, settled);
  EXPECT_FALSE(store.awaitCommit(3, milliseconds(100))) << "the writer did not wait at all";

  // The other exchange ends without an audit record of its own to come.
  in_progress = 1;
  const auto ended = Clock::now();
  ASSERT_TRUE(store.awaitCommit(3, seconds(5)));
  EXPECT_LT(Clock::now() - ended, milliseconds(1500))
      << "the commit waited the whole delay for a companion that had gone";
  openAndSettle(writer, store, settled);
}

TEST(AuditCommitDelay, ACoreWithNothingToRunMeansNoWait) {
  GatedStore store;
  std::atomic<int64_t> in_progress{100};
  CpuDemand demand;
  demand.publish(1);  // one task for two cores: a wait would leave one idle
  std::ostringstream log;
  BatchingAuditWriter writer(store, delayedCommitOn(in_progress, demand), log);
  std::atomic<int> settled{0};
  bringToTheWait(writer, store, in_progress, settled);

  const auto queued = Clock::now();
  ASSERT_TRUE(store.awaitCommit(3, seconds(5)));
  EXPECT_LT(Clock::now() - queued, milliseconds(1500))
      << "the commit waited for companions while a core had nothing to run";
  openAndSettle(writer, store, settled);
}

TEST(AuditCommitDelay, TheWaitEndsWhenTheCoresNoLongerHaveEnoughToRun) {
  GatedStore store;
  std::atomic<int64_t> in_progress{100};
  CpuDemand demand;
  demand.publish(3);  // more tasks than cores: waiting costs no throughput
  std::ostringstream log;
  BatchingAuditWriter writer(store, delayedCommitOn(in_progress, demand), log);
  std::atomic<int> settled{0};
  bringToTheWait(writer, store, in_progress, settled);
  EXPECT_FALSE(store.awaitCommit(3, milliseconds(100)))
      << "the writer did not wait for companions while every core was busy";

  demand.publish(1);
  const auto fell = Clock::now();
  ASSERT_TRUE(store.awaitCommit(3, seconds(5)));
  EXPECT_LT(Clock::now() - fell, milliseconds(1500))
      << "the commit kept waiting after a core ran out of work";
  openAndSettle(writer, store, settled);
}

}  // namespace
}  // namespace renkei

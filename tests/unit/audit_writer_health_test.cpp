// BatchingAuditWriter when the store goes away: bounded waits, health, recovery by itself, and
// the rule that a record is committed as what its caller was actually answered.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "broker/audit/batching_audit_writer.h"
#include "broker/stages/audit_ready_stage.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/audit_writer_support.h"
#include "tests/unit/support/null_store.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using test_support::fastWriterOptions;
using test_support::unavailableOf;
using test_support::waitFor;
using testing::makeAuditRecord;

// A store that can be down (every call fails), hung (appends wait until their deadline, then
// fail, as PostgresStore does against a stopped server) or up. Keeps what it committed.
class SwitchableStore : public test_support::NullStore {
 public:
  enum class Mode { kUp, kDown, kHung };
  void set(Mode mode) { mode_ = mode; }
  void appendAuditBefore(std::vector<AuditRecord>& batch, Clock::time_point commit_by) override {
    if (mode_ == Mode::kDown) throw StoreError("could not connect to server at 10.0.0.5");
    if (mode_ == Mode::kHung) {
      std::this_thread::sleep_until(commit_by);
      throw StoreError("no answer from the server in time");
    }
    std::lock_guard lock(mutex_);
    committed_.insert(committed_.end(), batch.begin(), batch.end());
  }
  void appendAudit(std::vector<AuditRecord>& batch) override {
    appendAuditBefore(batch, Clock::time_point::max());
  }
  void ping(milliseconds timeout) override {
    if (mode_ == Mode::kHung) std::this_thread::sleep_for(timeout);
    if (mode_ != Mode::kUp) throw StoreError("could not connect to server at 10.0.0.5");
  }
  std::vector<AuditRecord> committed() {
    std::lock_guard lock(mutex_);
    return committed_;
  }

 private:
  std::atomic<Mode> mode_{Mode::kUp};
  std::mutex mutex_;
  std::vector<AuditRecord> committed_;
};

TEST(AuditWriterHealth, DownStoreRefusesFastKeepsWhatCallersWereToldAndRecoversByItself) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  AuditReadyStage ready(writer);
  Exchange exchange;
  EXPECT_TRUE(ready.process(exchange).ok());

  store.set(SwitchableStore::Mode::kDown);
  AuditRecord first = makeAuditRecord(1);  // routed
  EXPECT_THROW(writer.record(first, unavailableOf(first)), AuditUnavailableError);
  EXPECT_FALSE(writer.healthy());
  const StageResult refused = ready.process(exchange);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.fault()->code, FaultCode::kAuditUnavailable);
  EXPECT_EQ(refused.fault()->reason.find("10.0.0.5"), std::string::npos);

  // While unhealthy, record() answers at once instead of waiting record_timeout.
  const auto start = Clock::now();
  AuditRecord second = makeAuditRecord(2);
  EXPECT_THROW(writer.record(second, unavailableOf(second)), AuditUnavailableError);
  EXPECT_LT(Clock::now() - start, milliseconds(50));

  store.set(SwitchableStore::Mode::kUp);
  ASSERT_TRUE(waitFor([&] { return writer.healthy(); }));
  writer.record(makeAuditRecord(4));
  const std::vector<AuditRecord> committed = store.committed();
  ASSERT_EQ(committed.size(), 3u);
  // Kept, in order, as what their callers were told; never as "routed".
  EXPECT_EQ(committed[0].message_id, "msg-1");
  EXPECT_EQ(committed[0].fault_code, "Server.AuditUnavailable");
  EXPECT_EQ(committed[1].message_id, "msg-2");
  EXPECT_EQ(committed[1].outcome, "failed");
  EXPECT_EQ(committed[2].outcome, "routed");
  EXPECT_NE(log.str().find("renkei: audit trail unavailable (store unreachable); refusing "
                           "exchanges"),
            std::string::npos);
  EXPECT_NE(log.str().find("renkei: audit trail available again after "), std::string::npos);
}

TEST(AuditWriterHealth, HungStoreAnswersWithinTheBoundAndNeverCommitsRoutedForAFault) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  store.set(SwitchableStore::Mode::kHung);
  std::atomic<int> unavailable{0};
  std::vector<std::thread> callers;
  for (int i = 1; i <= 6; ++i) {
    callers.emplace_back([&, i] {
      AuditRecord record = makeAuditRecord(i);
      const auto start = Clock::now();
      try {
        writer.record(record, unavailableOf(record));
      } catch (const AuditUnavailableError&) {
        ++unavailable;
      }
      EXPECT_LT(Clock::now() - start, milliseconds(300 + 150));
    });
    std::this_thread::sleep_for(milliseconds(20));
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(unavailable.load(), 6);
  EXPECT_FALSE(writer.healthy());

  store.set(SwitchableStore::Mode::kUp);
  ASSERT_TRUE(waitFor([&] { return writer.healthy() && writer.queued() == 0; }));
  const std::vector<AuditRecord> committed = store.committed();
  ASSERT_EQ(committed.size(), 6u);  // none lost
  for (const AuditRecord& r : committed) {
    EXPECT_EQ(r.fault_code, "Server.AuditUnavailable") << r.message_id;
  }
}

TEST(AuditWriterHealth, AnIdleWriterNoticesALostStoreBeforeTheNextExchange) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  store.set(SwitchableStore::Mode::kDown);
  EXPECT_TRUE(waitFor([&] { return !writer.healthy(); }));
  store.set(SwitchableStore::Mode::kUp);
  EXPECT_TRUE(waitFor([&] { return writer.healthy(); }));
}

}  // namespace
}  // namespace renkei

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
  EXPECT_LT(Clock::now() - start, milliseconds(150));

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

// recordThen: what each caller is told, once, and when; no caller's thread waits for a commit.
class Tellings {
 public:
  AuditSink::Settled settledFor(int n) {
    return [this, n](bool durable) {
      std::lock_guard lock(mutex_);
      told_.push_back({n, durable, Clock::now()});
    };
  }
  struct Told {
    int n;
    bool durable;
    Clock::time_point at;
  };
  std::vector<Told> told() {
    std::lock_guard lock(mutex_);
    return told_;
  }

 private:
  std::mutex mutex_;
  std::vector<Told> told_;
};

TEST(AuditWriterHealth, RecordThenTellsEachCallerOnceItsRecordIsDurable) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  Tellings tellings;
  for (int i = 1; i <= 50; ++i) {
    AuditRecord record = makeAuditRecord(i);
    writer.recordThen(
        record, [](const AuditRecord& r) { return unavailableOf(r); }, tellings.settledFor(i));
  }
  ASSERT_TRUE(waitFor([&] { return tellings.told().size() >= 50; }));
  std::this_thread::sleep_for(milliseconds(100));  // nobody is told twice
  const auto told = tellings.told();
  ASSERT_EQ(told.size(), 50u);
  std::vector<int> times(51, 0);
  for (const auto& t : told) {
    EXPECT_TRUE(t.durable) << t.n;
    ++times[t.n];
  }
  for (int i = 1; i <= 50; ++i) EXPECT_EQ(times[i], 1) << i;
  EXPECT_EQ(store.committed().size(), 50u);
}

TEST(AuditWriterHealth, RecordThenWithAHungStoreTellsEveryCallerWithinTheBound) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  store.set(SwitchableStore::Mode::kHung);
  Tellings tellings;
  std::vector<Clock::time_point> handed(7);
  for (int i = 1; i <= 6; ++i) {
    AuditRecord record = makeAuditRecord(i);
    handed[i] = Clock::now();
    writer.recordThen(
        record, [](const AuditRecord& r) { return unavailableOf(r); }, tellings.settledFor(i));
    EXPECT_LT(Clock::now() - handed[i], milliseconds(150)) << "the caller's thread waited";
    std::this_thread::sleep_for(milliseconds(20));
  }
  // The first is in flight, bounded by its deadline; the ones queued behind it are told by
  // the deadline watcher at theirs, not when the hung store lets the writer go.
  ASSERT_TRUE(waitFor([&] { return tellings.told().size() >= 6; }));
  for (const auto& t : tellings.told()) {
    EXPECT_FALSE(t.durable) << t.n;
    EXPECT_LT(t.at - handed[t.n], milliseconds(300 + 150)) << t.n;
  }

  store.set(SwitchableStore::Mode::kUp);
  ASSERT_TRUE(waitFor([&] { return writer.healthy() && writer.queued() == 0; }));
  EXPECT_EQ(tellings.told().size(), 6u);  // committed later, not told again
  const std::vector<AuditRecord> committed = store.committed();
  ASSERT_EQ(committed.size(), 6u);  // none lost
  for (const AuditRecord& r : committed) {
    EXPECT_EQ(r.fault_code, "Server.AuditUnavailable") << r.message_id;
  }
}

TEST(AuditWriterHealth, RecordThenWithADownStoreTellsAtOnceAndKeepsWhatTheCallerWasTold) {
  SwitchableStore store;
  std::ostringstream log;
  BatchingAuditWriter writer(store, fastWriterOptions(), log);
  store.set(SwitchableStore::Mode::kDown);
  AuditRecord first = makeAuditRecord(1);
  EXPECT_THROW(writer.record(first, unavailableOf(first)), AuditUnavailableError);
  ASSERT_FALSE(writer.healthy());

  Tellings tellings;
  AuditRecord second = makeAuditRecord(2);
  writer.recordThen(
      second, [](const AuditRecord& r) { return unavailableOf(r); }, tellings.settledFor(2));
  const auto told = tellings.told();  // told before recordThen returned
  ASSERT_EQ(told.size(), 1u);
  EXPECT_FALSE(told[0].durable);

  store.set(SwitchableStore::Mode::kUp);
  ASSERT_TRUE(waitFor([&] { return writer.healthy() && writer.queued() == 0; }));
  const std::vector<AuditRecord> committed = store.committed();
  ASSERT_EQ(committed.size(), 2u);
  EXPECT_EQ(committed[1].message_id, "msg-2");
  EXPECT_EQ(committed[1].fault_code, "Server.AuditUnavailable");
}

TEST(AuditWriterHealth, StoppingWithTheStoreGoneTellsTheCallersStillQueued) {
  SwitchableStore store;
  std::ostringstream log;
  Tellings tellings;
  {
    AuditWriterOptions options = fastWriterOptions();
    options.record_timeout = milliseconds(5000);  // longer than the test: only stop() tells
    BatchingAuditWriter writer(store, options, log);
    store.set(SwitchableStore::Mode::kHung);
    for (int i = 1; i <= 3; ++i) {
      AuditRecord record = makeAuditRecord(i);
      writer.recordThen(
          record, [](const AuditRecord& r) { return unavailableOf(r); }, tellings.settledFor(i));
    }
    std::this_thread::sleep_for(milliseconds(50));
    store.set(SwitchableStore::Mode::kDown);
  }
  const auto told = tellings.told();
  ASSERT_EQ(told.size(), 3u);
  for (const auto& t : told) EXPECT_FALSE(t.durable) << t.n;
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

#pragma once
// Group commit for the audit trail, with a bounded wait and a health state.
//
// Every record() call blocks until its record is durable, but records arriving while a commit is
// in flight are gathered and committed together by one writer thread: under load, one fsync
// covers many exchanges instead of one each. With `commit_delay` set, the writer also waits up to
// that long for more records before a commit when callers are concurrent (the last batch held
// more than one record) and arrive faster than one per delay (that batch over the time since the
// one before), until the queue holds twice the last batch or every exchange in progress: the
// batches grow with the load and each fsync, the writer's wake-ups and its callers' are shared by
// more exchanges. A lone caller and light traffic never wait for it, and a wait never outlasts
// the moment every exchange in progress is queued. With `cpu_demand` known, the writer waits only
// while at least one task per core wants a CPU (CpuDemand): then the wait leaves no core idle and
// costs its callers latency but no throughput, and each fsync it saves is CPU given back (about
// 200 µs of the machine's CPU each on the project's 2-core VM; bench/RESULTS.md, 2026-12-05).
// When demand falls below that, the waiting commit goes at the writer's next look (every 500 µs
// at most).
//
// The rule when the store goes away (issue 7): refuse while the writer is unhealthy. A failed
// commit marks it unhealthy; the pipeline's AuditReadyStage then refuses every exchange before
// it is forwarded (Server.AuditUnavailable), and record() answers at once instead of waiting.
// While unhealthy, a probe pings the store every `probe_interval`; once it answers, the backlog
// is committed and the writer is healthy again. An idle writer pings at the same pace, so an
// outage that starts while no traffic flows is noticed before the next exchange is forwarded.
// Refusing was chosen over a durable intent before forwarding because it costs no second write per
// exchange and the trail stays one record per exchange; the price is that exchanges already
// forwarded when the store fails get a fault.
//
// Records that could not be committed in time are not dropped: they stay queued, rewritten to
// what the caller was actually answered (the `if_unavailable` record: failed,
// Server.AuditUnavailable), and are committed when the store returns, so the trail never misses
// an exchange that was forwarded and never says "routed" for one whose caller got a fault.
// Ordering: a record is rewritten only while it is still queued; one whose commit is in flight
// is left to that commit, which the store bounds by the earliest caller's deadline.
//
// recordThen() queues the same way without a thread waiting: the writer tells each caller's
// `settled` once its batch is committed or failed, and a watcher thread (audit-deadline) tells
// the ones still queued at their deadline, as record() would have answered them, at most 50 ms
// late. One that is in flight at its deadline waits for that commit's verdict,
// as in record(). The serving engine uses it so that no worker sleeps through a group commit.
//
// A commit whose answer was lost (AuditCommitUnknownError) is failed for its callers like any
// other, but before anything is written again the writer asks the store whether that batch
// landed: if it did, it is not written a second time (the trail would hold those exchanges
// twice), and the log says how many of them were answered a fault while their records say
// "routed" (the one case where caller and trail disagree; unavoidable, since the answer is lost).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker/audit/audit_trail.h"
#include "broker/core/audit_sink.h"
#include "broker/core/cpu_demand.h"
#include "broker/metrics/counter.h"
#include "broker/metrics/histogram.h"

namespace renkei {

struct AuditWriterOptions {
  std::size_t max_batch = 1024;  // bounds one transaction so a burst cannot build a huge commit
  std::chrono::milliseconds record_timeout{3000};  // the longest a caller waits in record()
  std::chrono::milliseconds probe_interval{500};   // store ping while unhealthy
  // The longest the writer waits for companions before a commit under concurrency (see above);
  // zero commits at once. Bounded by each caller's record_timeout as any commit is.
  std::chrono::microseconds commit_delay{0};
  // Exchanges started and not yet past their audit record (ExchangesInProgress), when known:
  // the writer then never waits for more companions than exist. Outlives the writer.
  const std::atomic<int64_t>* exchanges_in_progress = nullptr;
  // Tasks wanting a CPU on the workers, and the cores they share, when known: the writer then
  // waits for companions only while demand is at least one task per core. Outlives the writer.
  const CpuDemand* cpu_demand = nullptr;
  int cores = 1;
  // Records kept while the store is down; beyond it, refusals are counted and logged instead
  // (memory must not grow without bound during a long outage under traffic).
  std::size_t max_backlog = 100000;
  // Metrics, when set: each commit's duration (successful or not), and each failed commit or
  // probe. Owned by the metrics registry, which outlives the writer.
  metrics::Histogram* commit_duration = nullptr;
  metrics::Counter* store_errors = nullptr;
};

class BatchingAuditWriter : public AuditSink {
 public:
  // `log` gets one line when the trail is lost and one when it is back (stderr in the broker).
  BatchingAuditWriter(AuditTrail& store, AuditWriterOptions options, std::ostream& log);
  explicit BatchingAuditWriter(AuditTrail& store, std::size_t max_batch = 1024);
  // Drains what is queued (bounded when the store is down), then stops.
  ~BatchingAuditWriter() override;
  BatchingAuditWriter(const BatchingAuditWriter&) = delete;
  BatchingAuditWriter& operator=(const BatchingAuditWriter&) = delete;

  using AuditSink::record;
  // Throws AuditUnavailableError when the record is not durable within record_timeout, when
  // the writer is unhealthy, or when it is stopped.
  void record(AuditRecord record, const UnavailableRecord& if_unavailable) override;
  void recordThen(AuditRecord record, UnavailableRecord if_unavailable, Settled settled) override;
  bool healthy() const override;
  // Commits what is queued, then joins the writer thread. Idempotent.
  void stop();

  // Number of successful commits so far (for metrics and tests of group commit).
  int64_t batchesCommitted() const;
  // Records currently waiting for the store (the backlog while it is down).
  std::size_t queued() const;
  // How long the oldest queued record has waited (zero when none): readiness asks whether the
  // writer keeps up.
  std::chrono::steady_clock::duration oldestQueuedAge() const;
  // Exchanges answered Server.AuditUnavailable whose records nonetheless landed with the
  // outcome they had (a lost COMMIT answer, see above), since start: the trail and the caller
  // disagree about exactly these.
  int64_t answeredFaultRecordedOtherwise() const;

 private:
  struct Entry;
  using Clock = std::chrono::steady_clock;

  // Callers of recordThen to be told, with what; told once the writer's lock is released.
  using Tellings = std::vector<std::pair<Settled, bool>>;

  void run();
  // The audit-deadline thread: tells queued recordThen callers whose deadline has passed.
  void watchDeadlines();
  // Queues `entry`'s telling once (mutex_ held); a second call for the same entry does nothing.
  void tellLater(Entry& entry, bool durable, Tellings& tellings);
  static void tell(Tellings& tellings);  // mutex_ not held
  // Under load, waits up to commit_delay for the queue to reach twice the last batch.
  // Called with mutex_ held and a non-empty queue.
  void awaitCompanions(std::unique_lock<std::mutex>& lock);
  // Caps companions_wanted_ at the exchanges in progress, when they are counted.
  void lowerToExchangesInProgress();
  // False when the CPU demand is known and below one task per core: a wait would idle a core.
  bool coresBusy() const;
  // Takes a batch from the queue, commits it, and settles its entries. Called with mutex_ held.
  void commitNext(std::unique_lock<std::mutex>& lock);
  void keep(std::shared_ptr<Entry> entry);  // queue without a waiter; mutex_ held
  // Marks the entry as answered Server.AuditUnavailable and makes the record that says so from
  // `original`, while its caller is still inside record(). mutex_ held.
  static void abandon(Entry& entry, const AuditRecord& original);
  // After a commit whose answer was lost, and with the store answering again: drops that batch
  // from the queue when it landed. False when the store cannot tell yet. mutex_ held.
  bool settleUnknownCommit(std::unique_lock<std::mutex>& lock);
  void markLost(const std::string& error);  // mutex_ held
  void markBack();                          // mutex_ held
  void countStoreError();

  AuditTrail& store_;
  const AuditWriterOptions options_;
  std::ostream& log_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::shared_ptr<Entry>> queue_;  // guarded by mutex_
  bool stopping_ = false;                     // guarded by mutex_
  std::atomic<bool> healthy_{true};           // written under mutex_; read lock-free per exchange
  Clock::time_point lost_at_;                 // guarded by mutex_
  int64_t batches_committed_ = 0;             // guarded by mutex_
  int64_t dropped_ = 0;                       // guarded by mutex_: beyond max_backlog
  int64_t answered_fault_recorded_otherwise_ = 0;  // guarded by mutex_
  std::size_t last_batch_ = 0;                     // guarded by mutex_: records in the last commit
  Clock::time_point last_taken_;                   // guarded by mutex_: when it left the queue
  Clock::time_point previous_taken_;               // guarded by mutex_: the batch before it
  // While the writer awaits companions, record() wakes it only once the queue reaches
  // companions_wanted_: a wake-up per record would cost what the wait saves.
  bool awaiting_companions_ = false;   // guarded by mutex_
  std::size_t companions_wanted_ = 0;  // guarded by mutex_
  // The batch whose COMMIT got no answer: its entries are the first `entries` of queue_ until
  // settled, and nothing is committed before that.
  struct UnknownCommit {
    int64_t first_seq = 0;
    std::string first_hash;
    std::size_t entries = 0;
    std::size_t answered_fault_recorded_routed = 0;  // callers told a fault, records not rewritten
  };
  std::optional<UnknownCommit> unknown_commit_;  // guarded by mutex_

  std::size_t untold_ = 0;                // guarded by mutex_: recordThen callers not yet told
  bool watcher_stopping_ = false;         // guarded by mutex_
  std::condition_variable watcher_wake_;  // only for stop()

  std::mutex stop_mutex_;  // serializes concurrent stop() calls around join()
  std::thread writer_;
  std::thread deadline_watcher_;
};

}  // namespace renkei

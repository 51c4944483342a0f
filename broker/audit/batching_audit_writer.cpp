#include "broker/audit/batching_audit_writer.h"
#include "broker/core/blocking_wait.h"
#include "broker/core/thread_name.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <utility>
#include <vector>

namespace renkei {
namespace {

// A caller this close to its deadline would time out while its record is being committed; it is
// answered Server.AuditUnavailable now rather than starting a commit it cannot wait for.
constexpr std::chrono::milliseconds kMinimumCommitTime{20};
// How often the audit-deadline thread looks for recordThen callers past their deadline: the
// most they are answered late.
constexpr std::chrono::milliseconds kDeadlineCheck{50};
// How often a commit awaiting companions recounts the exchanges in progress: the most it waits
// for one that has ended since.
constexpr std::chrono::microseconds kCompanionRecount{500};

AuditWriterOptions withValidBatch(AuditWriterOptions options) {
  if (options.max_batch == 0) options.max_batch = 1;
  return options;
}

}  // namespace

struct BatchingAuditWriter::Entry {
  AuditRecord record;
  const UnavailableRecord* make_unavailable = nullptr;  // the caller's; valid while it waits
  AuditRecord if_unavailable;                           // made by abandon()
  Clock::time_point deadline;
  bool in_flight = false;
  bool committed = false;
  bool abandoned = false;  // the caller is answered Server.AuditUnavailable: commit if_unavailable
  // recordThen: the caller's function that makes if_unavailable (make_unavailable points here),
  // and whom to tell; `told` once it has been (or is about to be, outside the lock).
  UnavailableRecord owned_make_unavailable;
  Settled then;
  bool told = false;
  // Its caller's own wake-up (waited on with the writer's mutex_): a commit wakes exactly the
  // callers it settled, not every caller waiting on any record. One shared condition woke all
  // 32-64 waiting workers per commit, and that futex storm cost more CPU than the commit.
  std::condition_variable settled;
};

BatchingAuditWriter::BatchingAuditWriter(AuditTrail& store, AuditWriterOptions options,
                                         std::ostream& log)
    : store_(store), options_(withValidBatch(options)), log_(log) {
  writer_ = namedThread("audit-writer", [this] { run(); });
  deadline_watcher_ = namedThread("audit-deadline", [this] { watchDeadlines(); });
}

BatchingAuditWriter::BatchingAuditWriter(AuditTrail& store, std::size_t max_batch)
    : BatchingAuditWriter(store, AuditWriterOptions{max_batch}, std::cerr) {}

BatchingAuditWriter::~BatchingAuditWriter() { stop(); }

void BatchingAuditWriter::record(AuditRecord record, const UnavailableRecord& if_unavailable) {
  auto entry = std::make_shared<Entry>();
  entry->record = std::move(record);
  entry->make_unavailable = &if_unavailable;
  entry->deadline = Clock::now() + options_.record_timeout;
  std::unique_lock lock(mutex_);
  if (stopping_) throw AuditUnavailableError("audit writer is stopped: record not written");
  if (!healthy_) {
    // Answer at once: waiting would only delay the same fault by record_timeout.
    abandon(*entry, entry->record);
    keep(std::move(entry));
    throw AuditUnavailableError("audit trail unavailable: record kept for later");
  }
  queue_.push_back(entry);
  if (!awaiting_companions_ || queue_.size() >= companions_wanted_) work_ready_.notify_one();
  const auto settled = [&] { return entry->committed || entry->abandoned; };
  BlockingWait waiting;  // a commit: another worker may run meanwhile
  if (!entry->settled.wait_until(lock, entry->deadline, settled)) {
    // Still queued: rewrite it to what the caller is about to be told. In flight: that commit
    // is bounded by this caller's deadline (the store refuses to commit after it), so wait for
    // its verdict rather than answer a fault for a record that may say "routed".
    if (!entry->in_flight) {
      abandon(*entry, entry->record);
    } else {
      entry->settled.wait(lock, settled);
    }
  }
  if (!entry->committed) throw AuditUnavailableError("audit record not durable in time");
}

void BatchingAuditWriter::recordThen(AuditRecord record, UnavailableRecord if_unavailable,
                                     Settled settled) {
  auto entry = std::make_shared<Entry>();
  entry->record = std::move(record);
  entry->owned_make_unavailable = std::move(if_unavailable);
  entry->make_unavailable = &entry->owned_make_unavailable;
  entry->then = std::move(settled);
  entry->deadline = Clock::now() + options_.record_timeout;
  std::unique_lock lock(mutex_);
  if (stopping_ || !healthy_) {
    // As record() answers: at once. A stopped writer keeps nothing; an unhealthy one keeps the
    // record as the caller is answered, committed when the store is back.
    if (!stopping_) {
      abandon(*entry, entry->record);
      keep(entry);
    }
    entry->told = true;
    lock.unlock();
    entry->then(false);
    return;
  }
  ++untold_;
  queue_.push_back(std::move(entry));
  if (!awaiting_companions_ || queue_.size() >= companions_wanted_) work_ready_.notify_one();
}

void BatchingAuditWriter::tellLater(Entry& entry, bool durable, Tellings& tellings) {
  if (!entry.then || entry.told) return;
  entry.told = true;
  --untold_;
  tellings.emplace_back(std::move(entry.then), durable);
}

void BatchingAuditWriter::tell(Tellings& tellings) {
  for (auto& [settled, durable] : tellings) {
    // A caller's failure must not end the writer or the watcher thread, nor keep the others
    // from being told.
    try {
      settled(durable);
    } catch (const std::exception& e) {
      std::cerr << "renkei: telling an audit outcome failed: " << e.what() << std::endl;
    } catch (...) {
      std::cerr << "renkei: telling an audit outcome failed" << std::endl;
    }
  }
  tellings.clear();
}

void BatchingAuditWriter::watchDeadlines() {
  std::unique_lock lock(mutex_);
  while (!watcher_stopping_) {
    watcher_wake_.wait_for(lock, kDeadlineCheck, [&] { return watcher_stopping_; });
    if (untold_ == 0) continue;
    // Queued entries not yet abandoned are in the order they came, so in deadline order: the
    // first one not due ends the search. In-flight ones are not in the queue; they wait for
    // their commit's verdict, as in record().
    const auto now = Clock::now();
    Tellings tellings;
    for (auto& entry : queue_) {
      if (entry->abandoned) continue;
      if (entry->deadline > now) break;
      if (!entry->then) continue;  // a record() caller abandons its own entry
      abandon(*entry, entry->record);
      tellLater(*entry, false, tellings);
    }
    if (tellings.empty()) continue;
    lock.unlock();
    tell(tellings);
    lock.lock();
  }
}

bool BatchingAuditWriter::healthy() const { return healthy_.load(); }

void BatchingAuditWriter::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
  Tellings tellings;
  {
    std::lock_guard lock(mutex_);
    watcher_stopping_ = true;
    // What the writer could not commit before it stopped (the store unreachable) is answered.
    for (auto& entry : queue_) tellLater(*entry, false, tellings);
  }
  watcher_wake_.notify_all();
  if (deadline_watcher_.joinable()) deadline_watcher_.join();
  tell(tellings);
}

int64_t BatchingAuditWriter::batchesCommitted() const {
  std::lock_guard lock(mutex_);
  return batches_committed_;
}

int64_t BatchingAuditWriter::answeredFaultRecordedOtherwise() const {
  std::lock_guard lock(mutex_);
  return answered_fault_recorded_otherwise_;
}

std::size_t BatchingAuditWriter::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::chrono::steady_clock::duration BatchingAuditWriter::oldestQueuedAge() const {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) return Clock::duration::zero();
  // Entries carry their deadline, record_timeout after they were handed in.
  const auto queued_at = queue_.front()->deadline - options_.record_timeout;
  return std::max(Clock::now() - queued_at, Clock::duration::zero());
}

void BatchingAuditWriter::countStoreError() {
  if (options_.store_errors != nullptr) options_.store_errors->inc();
}

void BatchingAuditWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (healthy_) {
      const bool work = work_ready_.wait_for(lock, options_.probe_interval,
                                             [&] { return !queue_.empty() || stopping_; });
      // Stopping ends the loop only once the queue is empty: accepted records are not dropped.
      if (work && queue_.empty()) return;
      if (work) {
        awaitCompanions(lock);
        commitNext(lock);
      } else {
        // Idle: ping anyway, so a store lost while no traffic flowed is known before the next
        // exchange is forwarded, not after. Under traffic the commits themselves tell.
        lock.unlock();
        std::string error;
        try {
          store_.ping(options_.record_timeout);
        } catch (const std::exception& e) {
          error = e.what();
          countStoreError();
        }
        lock.lock();
        if (!error.empty()) markLost(error);
      }
      continue;
    }
    if (!stopping_) {
      work_ready_.wait_for(lock, options_.probe_interval, [&] { return stopping_; });
    }
    lock.unlock();
    bool reachable = true;
    try {
      store_.ping(options_.record_timeout);
    } catch (const std::exception&) {
      reachable = false;
      countStoreError();
    }
    lock.lock();
    if (reachable && unknown_commit_ && !settleUnknownCommit(lock)) reachable = false;
    if (reachable) {
      if (queue_.empty())
        markBack();
      else
        commitNext(lock);  // marks the writer healthy when the backlog commits
    } else if (stopping_) {
      // Stopping must not hang on a dead store; say what is lost.
      if (!queue_.empty()) {
        log_ << "renkei: stopping with the audit store unreachable: " << queue_.size()
             << " audit records of refused or failed exchanges were not written" << std::endl;
      }
      return;
    }
  }
}

void BatchingAuditWriter::lowerToExchangesInProgress() {
  if (options_.exchanges_in_progress == nullptr) return;
  // Closed-loop callers (a few connections, each waiting for its answer) cannot bring more
  // than themselves: waiting for twice the last batch would only add the whole delay.
  const int64_t existing = options_.exchanges_in_progress->load(std::memory_order_relaxed);
  companions_wanted_ =
      std::min(companions_wanted_, static_cast<std::size_t>(std::max<int64_t>(existing, 0)));
}

bool BatchingAuditWriter::coresBusy() const {
  return options_.cpu_demand == nullptr || options_.cpu_demand->tasks() >= options_.cores;
}

void BatchingAuditWriter::awaitCompanions(std::unique_lock<std::mutex>& lock) {
  if (options_.commit_delay.count() <= 0 || stopping_ || last_batch_ < 2 || !coresBusy()) return;
  // The last batch over the time between it and the one before is the arrival rate: below one
  // record per delay, waiting would add latency and gather nobody.
  if (static_cast<int64_t>(last_batch_) * options_.commit_delay < last_taken_ - previous_taken_) {
    return;
  }
  companions_wanted_ = std::min(options_.max_batch, 2 * last_batch_);
  lowerToExchangesInProgress();
  if (queue_.size() >= companions_wanted_) return;
  const auto give_up = Clock::now() + options_.commit_delay;
  awaiting_companions_ = true;
  while (queue_.size() < companions_wanted_ && !stopping_) {
    const auto now = Clock::now();
    if (now >= give_up) break;
    // An exchange that ends while we wait (its record was in the last commit) lowers the count
    // in progress but wakes nobody: without a second look the commit would wait the whole delay
    // for a companion that is no longer coming.
    work_ready_.wait_for(lock, std::min<Clock::duration>(give_up - now, kCompanionRecount),
                         [&] { return queue_.size() >= companions_wanted_ || stopping_; });
    lowerToExchangesInProgress();
    if (!coresBusy()) break;
  }
  awaiting_companions_ = false;
}

void BatchingAuditWriter::commitNext(std::unique_lock<std::mutex>& lock) {
  const auto now = Clock::now();
  Tellings tellings;
  std::vector<std::shared_ptr<Entry>> batch;
  std::vector<AuditRecord> records;
  auto commit_by = Clock::time_point::max();
  while (!queue_.empty() && batch.size() < options_.max_batch) {
    std::shared_ptr<Entry> entry = std::move(queue_.front());
    queue_.pop_front();
    if (!entry->abandoned && entry->deadline - now < kMinimumCommitTime) {
      abandon(*entry, entry->record);
      entry->settled.notify_one();  // answered now, without waiting for this commit
      tellLater(*entry, false, tellings);
    }
    entry->in_flight = true;
    if (entry->abandoned) {
      records.push_back(entry->if_unavailable);  // kept: needed again if this commit fails
    } else {
      records.push_back(std::move(entry->record));
      commit_by = std::min(commit_by, entry->deadline);
    }
    batch.push_back(std::move(entry));
  }
  last_batch_ = batch.size();
  previous_taken_ = last_taken_;
  last_taken_ = now;
  if (commit_by == Clock::time_point::max()) commit_by = now + options_.record_timeout;
  lock.unlock();
  std::string error;
  bool outcome_unknown = false;
  const auto commit_started = Clock::now();
  try {
    store_.appendAuditBefore(records, commit_by);
  } catch (const AuditCommitUnknownError& e) {
    error = e.what();
    outcome_unknown = true;
  } catch (const std::exception& e) {
    error = e.what();
    if (error.empty()) error = "audit write failed";
  } catch (...) {
    error = "audit write failed with an unknown error";
  }
  if (options_.commit_duration != nullptr) {
    options_.commit_duration->observe(
        std::chrono::duration<double>(Clock::now() - commit_started).count());
  }
  if (!error.empty()) countStoreError();
  lock.lock();
  if (error.empty()) {
    for (auto& entry : batch) {
      entry->in_flight = false;
      entry->committed = true;
      tellLater(*entry, true, tellings);  // an abandoned one was told already: not again
    }
    ++batches_committed_;
    if (!healthy_) markBack();
  } else {
    if (outcome_unknown) {
      // linkToChain gave the records their seq and hash before the COMMIT was sent.
      UnknownCommit unknown{records.front().seq, records.front().hash, batch.size(), 0};
      for (const auto& entry : batch) unknown.answered_fault_recorded_routed += !entry->abandoned;
      unknown_commit_ = std::move(unknown);
    }
    // Back to the front, in their order, as what their callers were told.
    // records[i] is batch[i]'s record (moved out of its entry for the commit).
    for (std::size_t i = batch.size(); i-- > 0;) {
      Entry& entry = *batch[i];
      entry.in_flight = false;
      if (!entry.abandoned) abandon(entry, records[i]);
      tellLater(entry, false, tellings);
      queue_.push_front(batch[i]);
    }
    markLost(error);
  }
  // Woken outside the lock, so each caller does not wake only to block on mutex_ again.
  lock.unlock();
  for (auto& entry : batch) entry->settled.notify_one();
  tell(tellings);
  lock.lock();
}

bool BatchingAuditWriter::settleUnknownCommit(std::unique_lock<std::mutex>& lock) {
  const UnknownCommit unknown = *unknown_commit_;
  lock.unlock();
  std::optional<std::string> hash;
  bool answered = true;
  try {
    hash = store_.auditHashAt(unknown.first_seq, options_.record_timeout);
  } catch (const std::exception&) {
    answered = false;
    countStoreError();
  }
  lock.lock();
  if (!answered) return false;
  unknown_commit_.reset();
  if (hash != unknown.first_hash) return true;  // not committed: written again as told
  // It landed: those entries are in the trail already (at the queue's front since they failed).
  for (std::size_t i = 0; i < unknown.entries && !queue_.empty(); ++i) queue_.pop_front();
  ++batches_committed_;
  answered_fault_recorded_otherwise_ +=
      static_cast<int64_t>(unknown.answered_fault_recorded_routed);
  log_ << "renkei: an audit commit whose answer was lost had landed: its " << unknown.entries
       << " records are kept once, not written again";
  if (unknown.answered_fault_recorded_routed > 0) {
    log_ << "; " << unknown.answered_fault_recorded_routed
         << " of those exchanges were answered Server.AuditUnavailable while their records keep "
            "the outcome they had";
  }
  log_ << std::endl;
  return true;
}

void BatchingAuditWriter::abandon(Entry& entry, const AuditRecord& original) {
  entry.abandoned = true;
  entry.if_unavailable = (*entry.make_unavailable)(original);
  entry.make_unavailable = nullptr;
}

void BatchingAuditWriter::keep(std::shared_ptr<Entry> entry) {
  if (queue_.size() >= options_.max_backlog) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(entry));
}

void BatchingAuditWriter::markLost(const std::string& error) {
  if (!healthy_) return;
  healthy_ = false;
  lost_at_ = Clock::now();
  // The store's own words (host, port, database) belong in the operator's log, never in a fault.
  log_ << "renkei: audit trail unavailable (store unreachable); refusing exchanges\n"
       << "renkei: audit store error: " << error << std::endl;
}

void BatchingAuditWriter::markBack() {
  healthy_ = true;
  const double seconds = std::chrono::duration<double>(Clock::now() - lost_at_).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  log_ << "renkei: audit trail available again after " << took << " s";
  if (dropped_ > 0) {
    log_ << " (" << dropped_ << " refused exchanges were beyond the backlog limit and are "
         << "not in the trail)";
    dropped_ = 0;
  }
  log_ << std::endl;
}

}  // namespace renkei

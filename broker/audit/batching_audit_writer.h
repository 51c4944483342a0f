#pragma once
// Group commit for the audit trail. Every record() call blocks until its record is durable, but
// records arriving while a commit is in flight are gathered and committed together by one writer
// thread: under load, one fsync covers many exchanges instead of one each.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "broker/audit/audit_sink.h"
#include "broker/store/store.h"

namespace renkei {

class BatchingAuditWriter : public AuditSink {
 public:
  // `max_batch` bounds one transaction so a burst cannot build an unbounded commit.
  explicit BatchingAuditWriter(Store& store, std::size_t max_batch = 1024);
  // Drains everything already queued, then stops.
  ~BatchingAuditWriter() override;
  BatchingAuditWriter(const BatchingAuditWriter&) = delete;
  BatchingAuditWriter& operator=(const BatchingAuditWriter&) = delete;

  // Blocks until the batch holding this record is committed. Throws StoreError if the store
  // failed (every record of that batch gets the error) or if the writer is stopped.
  void record(AuditRecord record) override;
  // Commits what is queued, then joins the writer thread. Idempotent.
  void stop();

  // Number of appendAudit calls made so far (for metrics and tests of group commit).
  int64_t batchesCommitted() const;

 private:
  struct Batch {
    std::vector<AuditRecord> records;
    bool done = false;
    bool failed = false;
    std::string error;  // copied per waiter so no exception object is shared across threads
  };

  void run();
  void commit(Batch& batch);

  Store& store_;
  const std::size_t max_batch_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable batch_done_;
  std::deque<std::shared_ptr<Batch>> queue_;  // guarded by mutex_
  bool stopping_ = false;                     // guarded by mutex_
  int64_t batches_committed_ = 0;             // guarded by mutex_

  std::mutex stop_mutex_;  // serializes concurrent stop() calls around join()
  std::thread writer_;
};

}  // namespace renkei

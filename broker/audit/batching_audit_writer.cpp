#include "broker/audit/batching_audit_writer.h"

#include <exception>
#include <utility>

namespace renkei {

BatchingAuditWriter::BatchingAuditWriter(Store& store, std::size_t max_batch)
    : store_(store), max_batch_(max_batch == 0 ? 1 : max_batch) {
  writer_ = std::thread([this] { run(); });
}

BatchingAuditWriter::~BatchingAuditWriter() { stop(); }

void BatchingAuditWriter::record(AuditRecord record) {
  std::unique_lock lock(mutex_);
  if (stopping_) throw StoreError("audit writer is stopped: record not written");
  if (queue_.empty() || queue_.back()->records.size() >= max_batch_) {
    queue_.push_back(std::make_shared<Batch>());
  }
  // Keep our own reference: the writer pops the batch from the queue before committing it.
  std::shared_ptr<Batch> batch = queue_.back();
  batch->records.push_back(std::move(record));
  work_ready_.notify_one();
  batch_done_.wait(lock, [&] { return batch->done; });
  if (batch->failed) throw StoreError(batch->error);
}

void BatchingAuditWriter::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
}

int64_t BatchingAuditWriter::batchesCommitted() const {
  std::lock_guard lock(mutex_);
  return batches_committed_;
}

void BatchingAuditWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    // Stopping only ends the loop once the queue is empty: accepted records are never dropped.
    if (queue_.empty()) return;
    std::shared_ptr<Batch> batch = std::move(queue_.front());
    queue_.pop_front();
    // Callers keep appending to later batches while this one is being committed.
    lock.unlock();
    commit(*batch);
    lock.lock();
    batch->done = true;
    ++batches_committed_;
    batch_done_.notify_all();
  }
}

void BatchingAuditWriter::commit(Batch& batch) {
  // Runs without mutex_, but no caller touches a batch once it has left the queue.
  try {
    store_.appendAudit(batch.records);
  } catch (const std::exception& e) {
    batch.failed = true;
    batch.error = e.what();
  } catch (...) {
    batch.failed = true;
    batch.error = "audit write failed with an unknown error";
  }
}

}  // namespace renkei

#include "broker/store/postgres_pool.h"

namespace renkei {

PgLease::PgLease(PgPool& pool, std::unique_ptr<PgConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

PgLease::~PgLease() { pool_.release(std::move(connection_)); }

PgPool::PgPool(std::string conninfo, size_t max_size)
    : conninfo_(std::move(conninfo)), max_size_(max_size == 0 ? 1 : max_size) {}

PgLease PgPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return PgLease(*this, std::move(connection));
  }
  // Connect outside the lock: it can take up to connect_timeout, and others may return theirs.
  ++open_;
  lock.unlock();
  try {
    return PgLease(*this, std::make_unique<PgConnection>(conninfo_));
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void PgPool::release(std::unique_ptr<PgConnection> connection) {
  // A connection still inside a transaction was abandoned mid-way (an exception whose rollback
  // failed); reusing it would run the next caller's work inside someone else's transaction.
  const bool reusable = connection && connection->healthy() && !connection->inTransaction();
  std::lock_guard lock(mutex_);
  if (reusable) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
    // A lost connection usually means the server restarted or failed over, so the idle ones
    // are dead too: drop them now rather than fail one caller for each.
    if (connection && !connection->healthy()) {
      open_ -= idle_.size();
      idle_.clear();
    }
  }
  available_.notify_all();
}

}  // namespace renkei

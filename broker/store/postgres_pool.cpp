#include "broker/store/postgres_pool.h"

namespace renkei {

PgLease::PgLease(PgPool& pool, std::unique_ptr<PgConnection> connection, bool reused)
    : pool_(pool), connection_(std::move(connection)), reused_(reused) {}

PgLease::~PgLease() {
  if (connection_) connection_->setDeadline(std::chrono::steady_clock::time_point::max());
  pool_.release(std::move(connection_));
}

PgPool::PgPool(std::string conninfo, size_t max_size)
    : conninfo_(std::move(conninfo)), max_size_(max_size == 0 ? 1 : max_size) {}

PgLease PgPool::acquire(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto free = [&] { return !idle_.empty() || open_ < max_size_; };
    if (until == std::chrono::steady_clock::time_point::max()) {
      available_.wait(lock, free);  // no deadline: no time_point arithmetic near its limit
    } else if (!available_.wait_until(lock, until, free)) {
      throw StoreError("no database connection became free in time");
    }
    if (idle_.empty()) break;
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->lostWhileIdle()) {
      // The server ended it while it sat here; the others are most likely gone too.
      open_ -= idle_.size() + 1;
      idle_.clear();
      continue;
    }
    connection->setDeadline(until);
    return PgLease(*this, std::move(connection), /*reused=*/true);
  }
  // Connect outside the lock: it can take up to connect_timeout, and others may return theirs.
  ++open_;
  lock.unlock();
  try {
    auto connection = std::make_unique<PgConnection>(conninfo_, until);
    connection->setDeadline(until);
    return PgLease(*this, std::move(connection), /*reused=*/false);
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

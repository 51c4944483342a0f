#pragma once
// A small pool of libpq connections. libpq connections are not thread-safe, so each caller
// borrows one for the length of its work; connections are opened lazily up to `max_size` and
// a broken one (server restart, network) is dropped on return rather than handed out again.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "broker/store/postgres_connection.h"

namespace renkei {

class PgPool;

// A borrowed connection, given back when the lease ends.
class PgLease {
 public:
  PgLease(PgPool& pool, std::unique_ptr<PgConnection> connection, bool reused);
  ~PgLease();
  PgLease(const PgLease&) = delete;
  PgLease& operator=(const PgLease&) = delete;
  PgConnection* operator->() { return connection_.get(); }
  PgConnection& operator*() { return *connection_; }
  // Taken from the pool rather than opened for this lease: it may have died while idle in a way
  // only its first statement shows (a vanished host), so that statement may be retried once.
  bool reused() const { return reused_; }

 private:
  PgPool& pool_;
  std::unique_ptr<PgConnection> connection_;
  bool reused_;
};

class PgPool {
 public:
  PgPool(std::string conninfo, size_t max_size);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Waits while all `max_size` connections are borrowed, at most until `until`. Idle connections
  // the server has ended (restart, failover) are dropped, not handed out. Throws StoreError if no
  // connection is free in time or a new one cannot be opened. The lease's connection has
  // `until` as its deadline.
  PgLease acquire(
      std::chrono::steady_clock::time_point until = std::chrono::steady_clock::time_point::max());

 private:
  friend class PgLease;
  void release(std::unique_ptr<PgConnection> connection);

  const std::string conninfo_;
  const size_t max_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // idle + borrowed
};

// Runs `work` on a pooled connection. When it fails because a connection taken from the pool
// was already dead (the database restarted since it was last used), it runs once more on a
// fresh one, so the first request after a restart does not fail. Only for work that is safe to
// repeat: reads, and transactions that never reached COMMIT (the caller turns a failed COMMIT
// into a plain StoreError, which is not retried).
template <typename Work>
auto pgWithRetry(PgPool& pool, std::chrono::steady_clock::time_point until, Work&& work)
    -> decltype(work(std::declval<PgConnection&>())) {
  {
    PgLease db = pool.acquire(until);
    try {
      return work(*db);
    } catch (const PgError&) {
      if (!db.reused() || db->healthy()) throw;
    }
  }
  PgLease fresh = pool.acquire(until);
  return work(*fresh);
}

}  // namespace renkei

#pragma once
// A small pool of libpq connections. libpq connections are not thread-safe, so each caller
// borrows one for the length of its work; connections are opened lazily up to `max_size` and
// a broken one (server restart, network) is dropped on return rather than handed out again.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "broker/store/postgres_connection.h"

namespace renkei {

class PgPool;

// A borrowed connection, given back when the lease ends.
class PgLease {
 public:
  PgLease(PgPool& pool, std::unique_ptr<PgConnection> connection);
  ~PgLease();
  PgLease(const PgLease&) = delete;
  PgLease& operator=(const PgLease&) = delete;
  PgConnection* operator->() { return connection_.get(); }
  PgConnection& operator*() { return *connection_; }

 private:
  PgPool& pool_;
  std::unique_ptr<PgConnection> connection_;
};

class PgPool {
 public:
  PgPool(std::string conninfo, size_t max_size);
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Waits while all `max_size` connections are borrowed. Throws StoreError if a new connection
  // cannot be opened.
  PgLease acquire();

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

}  // namespace renkei

#pragma once
// A fixed set of threads taking tasks from one bounded queue. The event loop hands it whole
// requests; a full queue is refused by the caller (Server.Overloaded), never waited on, so the
// loop never blocks.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace renkei {

class WorkerPool {
 public:
  // `thread_name` names each thread (thread_name.h): "renkei-worker", "peer-worker".
  WorkerPool(int threads, std::size_t capacity, std::string thread_name = "renkei-worker");
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is not taken.
  bool tryPush(std::function<void()> task);
  // Runs every task already queued, then joins the threads. Idempotent.
  void stop();
  std::size_t queued() const;
  int busy() const;

 private:
  void run();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  int busy_ = 0;                             // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace renkei

#pragma once
// A fixed set of threads taking tasks from one bounded queue. The event loop hands it whole
// requests; a full queue is refused by the caller (Server.Overloaded), never waited on, so the
// loop never blocks.
//
// Idle workers wait each on its own condition, stacked most recent first, and a new task is
// handed straight to the top one. Why: with one shared condition, notify_one wakes some sleeper
// while a worker just finishing its task often takes the task first; the woken one finds the
// queue empty and sleeps again, a wasted switch (~0.3 per exchange measured with 64 workers,
// each costing more than some pipeline stages). Handing to the most recent sleeper also keeps
// only the workers that load needs warm: at 32 connections 33 of 64 ever run
// (bench/RESULTS.md, 2026-12-04).
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
  // One worker's place on the idle stack: the task handed to it, and its own wake-up.
  struct Sleeper {
    std::condition_variable wake;
    std::function<void()> handed;  // guarded by mutex_; set by tryPush, taken by the worker
  };

  void run();
  // Waits (lock held) until a task is queued or handed to `me`, or the pool stops with nothing
  // left; returns the task, or an empty function to end the thread.
  std::function<void()> nextTask(std::unique_lock<std::mutex>& lock, Sleeper& me);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  std::vector<Sleeper*> idle_;               // guarded by mutex_; the back slept last
  bool stopping_ = false;                    // guarded by mutex_
  int busy_ = 0;                             // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace renkei

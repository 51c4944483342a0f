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
//
// At most `max_running` tasks run at once on workers that are not in a declared wait
// (BlockingWait: a unit slow to answer, another broker, a commit). Beyond that a task waits in
// the queue for a worker that finishes or starts to wait, rather than waking another thread: on
// a small machine each extra runnable worker costs a wake-up per exchange and buys no CPU
// (8 workers made 15% more exchanges than 32 at 32 connections; bench/RESULTS.md, 2026-12-04).
// The many threads are for the waits: a stuck unit holds workers that are waiting, not running.
// A wait nobody declared can only slow the queue down: unstick(), called periodically, hands
// queued work to one more worker when none was taken since the last call.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "broker/core/blocking_wait.h"
#include "broker/core/cpu_demand.h"

namespace renkei {

class WorkerPool {
 public:
  // `thread_name` names each thread (thread_name.h): "renkei-worker", "peer-worker".
  // `max_running` 0: no limit besides the threads. `demand`, when set, is told the tasks running
  // (not in a declared wait) plus those queued at every change; it must outlive the pool.
  WorkerPool(int threads, std::size_t capacity, std::string thread_name = "renkei-worker",
             int max_running = 0, CpuDemand* demand = nullptr);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is not taken.
  bool tryPush(std::function<void()> task);
  // When tasks are queued, workers idle, and no task was taken since the last call, hands one
  // to a worker whatever the running limit. For the owner's periodic sweep.
  void unstick();
  // Runs every task already queued, then joins the threads. Idempotent.
  void stop();
  std::size_t queued() const;
  int busy() const;
  int running() const;  // tasks in hand on workers not in a declared wait

 private:
  // One worker's place on the idle stack: the task handed to it, and its own wake-up.
  struct Sleeper {
    std::condition_variable wake;
    std::function<void()> handed;  // guarded by mutex_; set by whoever hands it a task
  };
  // Tells the pool of its worker's declared waits.
  class WaitObserver : public BlockingWaitObserver {
   public:
    explicit WaitObserver(WorkerPool& pool) : pool_(pool) {}
    void waitBegins() override { pool_.waitBegins(); }
    void waitEnds() override { pool_.waitEnds(); }

   private:
    WorkerPool& pool_;
  };

  void run();
  void waitBegins();
  void waitEnds();
  bool belowLimit() const { return max_running_ == 0 || running_ < max_running_; }
  // Lock held: tells demand_ what running_ and tasks_ now add up to.
  void publishDemand() {
    if (demand_ != nullptr) demand_->publish(running_ + static_cast<int>(tasks_.size()));
  }
  // Lock held: hands `task` to the idle worker that slept last and counts it running; returns
  // that worker, to be notified once the lock is released.
  Sleeper* handToIdle(std::function<void()> task);
  // Lock held: the oldest queued task to the idle worker that slept last (both must exist).
  Sleeper* handQueuedToIdle();

  const std::size_t capacity_;
  const int max_running_;
  CpuDemand* const demand_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  std::vector<Sleeper*> idle_;               // guarded by mutex_; the back slept last
  bool stopping_ = false;                    // guarded by mutex_
  int busy_ = 0;                             // guarded by mutex_: tasks in hand
  int running_ = 0;                          // guarded by mutex_: of those, not in a wait
  uint64_t taken_ = 0;                       // guarded by mutex_: tasks ever started
  uint64_t taken_at_last_unstick_ = 0;       // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace renkei

#pragma once
// Slots for one receiver: at most `max_concurrent` holders, at most `max_queued` waiters, and a
// waiter gives up at its deadline. Waiters are served first come, first served, and a freed slot
// is handed straight to the oldest waiter, so a newcomer never overtakes someone who queued.
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>

namespace renkei {

class ReceiverBulkhead {
 public:
  using Clock = std::chrono::steady_clock;
  enum Result { kAcquired, kQueueFull, kTimedOut };

  ReceiverBulkhead(int max_concurrent, int max_queued);
  ReceiverBulkhead(const ReceiverBulkhead&) = delete;
  ReceiverBulkhead& operator=(const ReceiverBulkhead&) = delete;

  Result acquire(Clock::time_point deadline);
  void release();  // only after kAcquired

  int active() const;
  int queued() const;
  int maxConcurrent() const { return max_concurrent_; }
  int maxQueued() const { return max_queued_; }

 private:
  struct Waiter {
    std::condition_variable wake;
    bool granted = false;
  };

  const int max_concurrent_;
  const int max_queued_;
  mutable std::mutex mutex_;
  int active_ = 0;
  std::list<Waiter*> waiters_;  // oldest first; each lives on its waiting caller's stack
};

}  // namespace renkei

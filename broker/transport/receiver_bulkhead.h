#pragma once
// Slots for one receiver: at most `max_concurrent` holders, at most `max_queued` waiters, and a
// waiter gives up at its deadline. Waiters are served first come, first served, and a freed slot
// is handed straight to the oldest waiter, so a newcomer never overtakes someone who queued.
//
// A waiter either blocks its thread (acquire) or parks (acquireOrPark): a parked waiter holds
// no thread while it waits; it is called back once, when a slot is handed to it (on the thread
// that freed it) or when its deadline passes (on DeadlineTimer's thread). Both kinds share one
// queue and one order.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace renkei {

class ReceiverBulkhead {
 public:
  using Clock = std::chrono::steady_clock;
  enum Result { kAcquired, kQueueFull, kTimedOut, kParked };
  // true: the slot is the waiter's now (it must release() it); false: its deadline passed first.
  using Resume = std::function<void(bool granted)>;

  ReceiverBulkhead(int max_concurrent, int max_queued);
  // Parked waiters still queued are dropped without being called: destroying a bulkhead that
  // has any is its owner's bug (the broker's parked exchanges keep their bulkhead alive).
  ~ReceiverBulkhead();
  ReceiverBulkhead(const ReceiverBulkhead&) = delete;
  ReceiverBulkhead& operator=(const ReceiverBulkhead&) = delete;

  Result acquire(Clock::time_point deadline);
  // A free slot now, if there is one and nobody is queued for it; never waits or queues.
  bool tryAcquire();
  // Never blocks: kAcquired, kQueueFull, kTimedOut (the deadline has passed) at once, or kParked,
  // and then `resume` is called exactly once, later, never from inside this call.
  Result acquireOrPark(Clock::time_point deadline, Resume resume);
  void release();  // only after a slot was acquired or granted

  int active() const;
  int queued() const;
  int maxConcurrent() const { return max_concurrent_; }
  int maxQueued() const { return max_queued_; }

 private:
  struct Waiter {
    // A blocked waiter is woken through `wake` (it lives on that caller's stack); a parked one
    // has `resume` instead and lives on the heap, owned by the queue.
    std::condition_variable wake;
    bool granted = false;
    Resume resume;
    Clock::time_point deadline;
  };
  // Shared with the deadline alarms, which hold it weakly: an alarm that fires after the
  // bulkhead is gone finds nothing.
  struct State {
    std::mutex mutex;
    int active = 0;
    std::list<Waiter*> waiters;                             // oldest first
    Clock::time_point alarm_at = Clock::time_point::max();  // earliest alarm pending
  };
  // Expires the parked waiters whose deadline has passed and sets the next alarm.
  static void expire(const std::shared_ptr<State>& state);
  static void setAlarm(const std::shared_ptr<State>& state, Clock::time_point when);

  const int max_concurrent_;
  const int max_queued_;
  const std::shared_ptr<State> state_;
};

}  // namespace renkei

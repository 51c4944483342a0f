#include "broker/transport/receiver_bulkhead.h"

namespace renkei {

ReceiverBulkhead::ReceiverBulkhead(int max_concurrent, int max_queued)
    : max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent),
      max_queued_(max_queued < 0 ? 0 : max_queued) {}

ReceiverBulkhead::Result ReceiverBulkhead::acquire(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (active_ < max_concurrent_ && waiters_.empty()) {
    ++active_;
    return kAcquired;
  }
  if (static_cast<int>(waiters_.size()) >= max_queued_) return kQueueFull;
  if (Clock::now() >= deadline) return kTimedOut;

  Waiter self;
  const auto place = waiters_.insert(waiters_.end(), &self);
  // The predicate is checked once more after the deadline: a slot handed over at the last
  // moment is taken rather than lost.
  if (self.wake.wait_until(lock, deadline, [&self] { return self.granted; })) return kAcquired;
  waiters_.erase(place);
  return kTimedOut;
}

void ReceiverBulkhead::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiters_.empty()) {
    --active_;
    return;
  }
  // Hand the slot over (active_ stays the same). Notified under the lock: the waiter's condition
  // variable lives on its stack and is gone as soon as it sees `granted`.
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

int ReceiverBulkhead::active() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return active_;
}

int ReceiverBulkhead::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(waiters_.size());
}

}  // namespace renkei

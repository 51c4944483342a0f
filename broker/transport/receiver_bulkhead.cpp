#include "broker/transport/receiver_bulkhead.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "broker/core/blocking_wait.h"
#include "broker/core/deadline_timer.h"

namespace renkei {

namespace {

using Clock = ReceiverBulkhead::Clock;

// Lock held. The answer a newcomer gets without waiting: a free slot when nobody is queued for
// one, a full queue, or a deadline already passed; nothing when it must wait (block or park).
template <typename State>
std::optional<ReceiverBulkhead::Result> answerWithoutWaiting(State& state, int max_concurrent,
                                                             int max_queued,
                                                             Clock::time_point deadline) {
  if (state.active < max_concurrent && state.waiters.empty()) {
    ++state.active;
    return ReceiverBulkhead::kAcquired;
  }
  if (static_cast<int>(state.waiters.size()) >= max_queued) return ReceiverBulkhead::kQueueFull;
  if (Clock::now() >= deadline) return ReceiverBulkhead::kTimedOut;
  return std::nullopt;
}

}  // namespace

ReceiverBulkhead::ReceiverBulkhead(int max_concurrent, int max_queued)
    : max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent),
      max_queued_(max_queued < 0 ? 0 : max_queued),
      state_(std::make_shared<State>()) {}

ReceiverBulkhead::~ReceiverBulkhead() {
  std::lock_guard lock(state_->mutex);
  for (Waiter* waiter : state_->waiters) {
    if (waiter->resume) delete waiter;
  }
  state_->waiters.clear();
}

ReceiverBulkhead::Result ReceiverBulkhead::acquire(Clock::time_point deadline) {
  std::unique_lock lock(state_->mutex);
  if (auto now = answerWithoutWaiting(*state_, max_concurrent_, max_queued_, deadline)) return *now;

  Waiter self;
  const auto place = state_->waiters.insert(state_->waiters.end(), &self);
  BlockingWait waiting;  // a slot may be long in coming
  // The predicate is checked once more after the deadline: a slot handed over at the last
  // moment is taken rather than lost.
  if (self.wake.wait_until(lock, deadline, [&self] { return self.granted; })) return kAcquired;
  state_->waiters.erase(place);
  return kTimedOut;
}

bool ReceiverBulkhead::tryAcquire() {
  std::lock_guard lock(state_->mutex);
  if (state_->active >= max_concurrent_ || !state_->waiters.empty()) return false;
  ++state_->active;
  return true;
}

ReceiverBulkhead::Result ReceiverBulkhead::acquireOrPark(Clock::time_point deadline,
                                                         Resume resume) {
  {
    std::lock_guard lock(state_->mutex);
    if (auto now = answerWithoutWaiting(*state_, max_concurrent_, max_queued_, deadline)) {
      return *now;
    }
    auto parked = std::make_unique<Waiter>();
    parked->resume = std::move(resume);
    parked->deadline = deadline;
    state_->waiters.push_back(parked.release());
    // With one timeout for all, deadlines queue in order and one alarm serves the whole queue.
    if (deadline >= state_->alarm_at) return kParked;
    state_->alarm_at = deadline;
  }
  setAlarm(state_, deadline);
  return kParked;
}

void ReceiverBulkhead::setAlarm(const std::shared_ptr<State>& state, Clock::time_point when) {
  DeadlineTimer::shared().at(when, [weak = std::weak_ptr<State>(state)] {
    if (auto alive = weak.lock()) expire(alive);
  });
}

void ReceiverBulkhead::expire(const std::shared_ptr<State>& state) {
  std::vector<Resume> expired;
  Clock::time_point next = Clock::time_point::max();
  {
    std::lock_guard lock(state->mutex);
    const auto now = Clock::now();
    for (auto it = state->waiters.begin(); it != state->waiters.end();) {
      Waiter* waiter = *it;
      if (!waiter->resume) {
        ++it;  // a blocked waiter times out on its own
      } else if (waiter->deadline <= now) {
        expired.push_back(std::move(waiter->resume));
        delete waiter;
        it = state->waiters.erase(it);
      } else {
        next = std::min(next, waiter->deadline);
        ++it;
      }
    }
    state->alarm_at = next;
  }
  if (next != Clock::time_point::max()) setAlarm(state, next);
  for (Resume& resume : expired) resume(false);
}

void ReceiverBulkhead::release() {
  Resume handed;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->waiters.empty()) {
      --state_->active;
      return;
    }
    // Hand the slot over (active stays the same).
    Waiter* next = state_->waiters.front();
    state_->waiters.pop_front();
    if (!next->resume) {
      // Notified under the lock: the waiter's condition variable lives on its stack and is gone
      // as soon as it sees `granted`.
      next->granted = true;
      next->wake.notify_one();
      return;
    }
    handed = std::move(next->resume);
    delete next;
  }
  handed(true);
}

int ReceiverBulkhead::active() const {
  std::lock_guard lock(state_->mutex);
  return state_->active;
}

int ReceiverBulkhead::queued() const {
  std::lock_guard lock(state_->mutex);
  return static_cast<int>(state_->waiters.size());
}

}  // namespace renkei

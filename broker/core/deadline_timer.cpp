#include "broker/core/deadline_timer.h"

#include <exception>
#include <iostream>
#include <thread>
#include <utility>

#include "broker/core/thread_name.h"

namespace renkei {

DeadlineTimer& DeadlineTimer::shared() {
  // Never destroyed: its thread may be running an alarm while static destructors run at exit.
  static DeadlineTimer* const timer = new DeadlineTimer();
  return *timer;
}

DeadlineTimer::DeadlineTimer() {
  namedThread("renkei-timer", [this] { run(); }).detach();
}

void DeadlineTimer::at(Clock::time_point when, std::function<void()> alarm) {
  bool earliest;
  {
    std::lock_guard lock(mutex_);
    const auto placed = alarms_.emplace(when, std::move(alarm));
    earliest = placed == alarms_.begin();
  }
  // Only an alarm due before the one the thread sleeps towards changes its wait.
  if (earliest) changed_.notify_one();
}

std::size_t DeadlineTimer::pending() const {
  std::lock_guard lock(mutex_);
  return alarms_.size();
}

void DeadlineTimer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (alarms_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto first = alarms_.begin();
    if (Clock::now() < first->first) {
      changed_.wait_until(lock, first->first);
      continue;
    }
    std::function<void()> alarm = std::move(first->second);
    alarms_.erase(first);
    lock.unlock();
    try {
      alarm();
    } catch (const std::exception& e) {
      // An alarm only decides; one that throws is a bug, and must not end the timer for all.
      std::cerr << "renkei: a deadline alarm failed: " << e.what() << std::endl;
    }
    alarm = nullptr;  // what it captured is released before the lock is taken again
    lock.lock();
  }
}

}  // namespace renkei

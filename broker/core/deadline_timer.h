#pragma once
// One process-wide thread that calls a function at a given time: for waits that have no thread
// of their own (an exchange parked in a receiver's queue, receiver_bulkhead.h), which must still
// end at their deadline when nothing else happens. An alarm runs on the timer's thread, without
// any lock of the timer's held, and must be short: it decides, it does not work. Whoever sets
// one passes what it needs by weak reference, so an alarm whose owner is gone does nothing.
//
// The thread is started on first use and lives as long as the process: an alarm may hold the
// last reference to the very object that would otherwise have to join it.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

namespace renkei {

class DeadlineTimer {
 public:
  using Clock = std::chrono::steady_clock;

  static DeadlineTimer& shared();

  // Calls `alarm` once, at or soon after `when` (at once when it has passed).
  void at(Clock::time_point when, std::function<void()> alarm);
  // Alarms set and not yet called (tests, metrics).
  std::size_t pending() const;

 private:
  DeadlineTimer();
  void run();

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<Clock::time_point, std::function<void()>> alarms_;  // guarded by mutex_
};

}  // namespace renkei

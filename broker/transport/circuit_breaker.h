#pragma once
// The circuit breaker of one receiver. Closed: everything goes through and consecutive failures
// are counted. Open (after `failures_to_open` in a row): callers are refused at once, because
// waiting for a unit that is down only ties up the callers and the broker. Half-open (once the
// open interval is over): exactly one probe goes through; its success closes the breaker, its
// failure opens it again. Each change of state is logged once.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "broker/transport/receiver_guard.h"

namespace renkei {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  using Log = std::function<void(const std::string& line)>;
  enum class State { kClosed, kOpen, kHalfOpen };

  CircuitBreaker(std::string receiver, int failures_to_open, std::chrono::milliseconds open_for,
                 Log log);

  // A refusal reason while the breaker refuses everyone at `now`, else empty. Changes nothing,
  // so callers can be turned away before they queue.
  std::string refusal(Clock::time_point now) const;
  // Lets the caller through (setting *probe when it is the half-open probe) or returns false
  // with *reason. May move an open breaker whose interval is over to half-open.
  bool allow(Clock::time_point now, bool* probe, std::string* reason);
  void record(bool probe, ReceiverVerdict verdict, const std::string& detail,
              Clock::time_point now);

  State state() const;

 private:
  std::string refusalLocked(Clock::time_point now) const;
  void open(Clock::time_point now, const std::string& why);

  const std::string receiver_;
  const int failures_to_open_;
  const std::chrono::milliseconds open_for_;
  const Log log_;
  mutable std::mutex mutex_;
  State state_ = State::kClosed;
  int consecutive_failures_ = 0;
  Clock::time_point probe_at_{};  // when an open breaker lets the next probe through
  bool probe_in_flight_ = false;
};

// "5 s", "1.5 s", "300 ms": durations in log lines and fault reasons.
std::string humanDuration(std::chrono::milliseconds duration);

}  // namespace renkei

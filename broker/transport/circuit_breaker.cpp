#include "broker/transport/circuit_breaker.h"

namespace renkei {

std::string humanDuration(std::chrono::milliseconds duration) {
  const long long ms = duration.count() < 0 ? 0 : duration.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  const long long tenths = (ms + 99) / 100;  // rounded up: "probing in" must not be too early
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

CircuitBreaker::CircuitBreaker(std::string receiver, int failures_to_open,
                               std::chrono::milliseconds open_for, Log log)
    : receiver_(std::move(receiver)),
      failures_to_open_(failures_to_open < 1 ? 1 : failures_to_open),
      open_for_(open_for),
      log_(std::move(log)) {}

std::string CircuitBreaker::refusal(Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refusalLocked(now);
}

std::string CircuitBreaker::refusalLocked(Clock::time_point now) const {
  const std::string failing = "receiver " + receiver_ + " is failing (circuit breaker open after " +
                              std::to_string(failures_to_open_) +
                              " consecutive failures or timeouts); ";
  if (state_ == State::kOpen && now < probe_at_) {
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(probe_at_ - now);
    return failing + "the broker tries it again in " + humanDuration(wait);
  }
  if (state_ == State::kHalfOpen && probe_in_flight_) {
    return failing + "a trial exchange is under way, try again shortly";
  }
  return {};
}

bool CircuitBreaker::allow(Clock::time_point now, bool* probe, std::string* reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  *probe = false;
  if (std::string why = refusalLocked(now); !why.empty()) {
    *reason = std::move(why);
    return false;
  }
  if (state_ == State::kClosed) return true;
  if (state_ == State::kOpen) {
    state_ = State::kHalfOpen;
    if (log_)
      log_("renkei: receiver " + receiver_ + " breaker half-open: letting one probe through");
  }
  probe_in_flight_ = true;
  *probe = true;
  return true;
}

void CircuitBreaker::record(bool probe, ReceiverVerdict verdict, const std::string& detail,
                            Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (probe) {
    probe_in_flight_ = false;
    if (verdict == ReceiverVerdict::kHealthy) {
      state_ = State::kClosed;
      consecutive_failures_ = 0;
      if (log_) log_("renkei: receiver " + receiver_ + " breaker closed: the probe was answered");
    } else if (verdict == ReceiverVerdict::kFailed) {
      open(now, "open again: the probe failed (" + detail + ")");
    }
    return;  // a neutral probe leaves it half-open: the next caller probes
  }
  // Forwards that started before the breaker opened finish later; only the probe decides then.
  if (state_ != State::kClosed) return;
  if (verdict == ReceiverVerdict::kHealthy) consecutive_failures_ = 0;
  if (verdict != ReceiverVerdict::kFailed) return;
  if (++consecutive_failures_ >= failures_to_open_) {
    open(now, "open after " + std::to_string(consecutive_failures_) +
                  " consecutive failures or timeouts (last: " + detail + ")");
  }
}

void CircuitBreaker::open(Clock::time_point now, const std::string& why) {
  state_ = State::kOpen;
  probe_at_ = now + open_for_;
  if (log_) {
    log_("renkei: receiver " + receiver_ + " breaker " + why + "; probing again in " +
         humanDuration(open_for_));
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

}  // namespace renkei

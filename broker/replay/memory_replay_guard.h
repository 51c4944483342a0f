#pragma once
// ReplayGuard in this process's memory, for the embedded store (SQLite): one broker per
// database file. It survives a restart because the broker primes it from the audit trail's
// recent records (every authorized exchange has one). Claims older than the retention are
// forgotten in arrival order, so memory is bounded by the traffic of one retention period
// (at 2,000 exchanges/s and 10 minutes: 1.2 million ids, about 150 MB; the default 5-minute
// skew keeps half of that).
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "broker/replay/replay_guard.h"

namespace renkei {

class MemoryReplayGuard : public ReplayGuard {
 public:
  using Clock = std::chrono::steady_clock;
  explicit MemoryReplayGuard(std::chrono::seconds retention) : retention_(retention) {}

  bool claim(const std::string& sender, const std::string& message_id) override;
  // A claim made `age` ago (priming from the audit trail at start).
  void remember(const std::string& sender, const std::string& message_id, std::chrono::seconds age);
  std::size_t size() const;

 private:
  struct Claim {
    std::string key;
    Clock::time_point at;
  };
  static std::string keyOf(const std::string& sender, const std::string& message_id);
  void forgetExpired(Clock::time_point now);  // mutex_ held

  const std::chrono::seconds retention_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> claimed_;  // key -> when
  std::deque<Claim> order_;                                     // oldest first
};

}  // namespace renkei

#pragma once
// When a failed copy is tried again, and when it is given up (dead-lettered). Exponential
// backoff with jitter: waiting base * 2^(attempt-1), capped, scaled by a random factor in
// [0.5, 1], so copies that failed together (a unit that went down) do not all return together.
#include <cstdint>

namespace renkei {

struct RetryPolicy {
  int max_attempts = 10;
  int64_t dead_after_ms = 72LL * 3600 * 1000;
  int64_t base_ms = 1000;
  int64_t max_ms = 300000;

  // The wait after `attempts` failed attempts (attempts >= 1); random01 in [0, 1).
  int64_t delayMs(int attempts, double random01) const;
  // No more attempts: this was the last allowed, or the copy is older than dead_after_ms.
  bool exhausted(int attempts, int64_t created_ms, int64_t now_ms) const {
    return attempts >= max_attempts || now_ms - created_ms >= dead_after_ms;
  }
};

}  // namespace renkei

#include "broker/notify/retry_policy.h"

#include <algorithm>

namespace renkei {

int64_t RetryPolicy::delayMs(int attempts, double random01) const {
  int64_t delay = base_ms;
  // Doubling stops at the cap, so no shift ever overflows however many attempts were allowed.
  for (int i = 1; i < attempts && delay < max_ms; ++i) delay *= 2;
  delay = std::min(delay, max_ms);
  const double factor = 0.5 + 0.5 * std::clamp(random01, 0.0, 1.0);
  return std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(delay) * factor));
}

}  // namespace renkei

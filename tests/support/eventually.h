#pragma once
// Waiting for a condition in a test: poll it until it holds or a deadline passes. A fixed sleep
// before an assertion is either too short on a loaded machine (ctest -j2, a sanitizer build) or
// wastes its whole length on a fast one; a deadline is only reached when something is wrong.
#include <chrono>
#include <thread>

#include "tests/support/deadline_scale.h"

namespace renkei::testing {

// True as soon as `done()` holds; false when it still does not after `within` (scaled).
template <typename Done>
bool eventually(Done done, std::chrono::milliseconds within = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + scaledDeadline(within);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

}  // namespace renkei::testing

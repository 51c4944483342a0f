#pragma once
// One factor for every deadline the tests wait on (polls, a child's first line, log lines).
#include <chrono>
#include <cstdlib>

namespace renkei::testing {

// How much longer than usual a test may wait. ./renkei.sh sets RENKEI_TEST_DEADLINE_SCALE for
// the ASan+UBSan pass, where every process the tests start runs two to five times slower; a
// deadline is an upper bound on "something is wrong", so stretching it never hides a defect,
// it only makes a slow-but-correct run pass. Never below 1.
inline double deadlineScale() {
  static const double scale = [] {
    const char* text = std::getenv("RENKEI_TEST_DEADLINE_SCALE");
    const double value = text ? std::atof(text) : 1.0;
    return value >= 1.0 ? value : 1.0;
  }();
  return scale;
}

template <typename Duration>
std::chrono::milliseconds scaledDeadline(Duration within) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(within).count();
  return std::chrono::milliseconds(
      static_cast<std::chrono::milliseconds::rep>(static_cast<double>(ms) * deadlineScale()));
}

}  // namespace renkei::testing

// ctest marks a GoogleTest case "skipped" when its output matches "[  SKIPPED ]" (what
// gtest_discover_tests sets), whatever the exit status. gtest prints exactly that for every case
// of a suite whose SetUpTestSuite failed, so a broker that crashed at start made its whole suite
// "not run" in ctest and the run stayed green. ctest cannot be told otherwise (its skip
// expressions only accumulate, and they win over FAIL_REGULAR_EXPRESSION), but a test process
// ended by a signal is a failure whatever its output: this listener, linked into every test
// binary (tests/CMakeLists.txt), aborts once such a suite has ended.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

namespace {

class FailedSuiteSetUpListener : public testing::EmptyTestEventListener {
 public:
  void OnTestSuiteEnd(const testing::TestSuite& suite) override {
    if (!suite.ad_hoc_test_result().Failed()) return;
    std::cout << "renkei-test: the set-up or tear-down of " << suite.name()
              << " failed (see above); its cases did not run: this is a failure, not a skip"
              << std::endl;
    std::abort();
  }
};

// Registered before main runs; UnitTest::GetInstance() is a function-local static, so the order
// of static initialisation does not matter.
const bool kRegistered = [] {
  testing::UnitTest::GetInstance()->listeners().Append(new FailedSuiteSetUpListener);
  return true;
}();

}  // namespace

// A sample unit started on a port another process already listens on: the lab or the test
// that started it reads which address and why, and the unit exits 1. In the suite's ASan pass
// this also proves the failed start frees what it allocated: a leak there leaves a report in
// build-asan/sanitizer-reports, which fails the run (it did once, for soap_bind's fault).
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

TEST(SampleUnitStartup, APortAlreadyTakenIsNamedAndTheUnitExitsOne) {
  const UnitProcess first("unit_juki");
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  const CommandOutput second =
      runCommand(std::string(RENKEI_BINARY_DIR) + "/examples/unit_juki --host 127.0.0.1 --port " +
                 std::to_string(first.port()));
  EXPECT_EQ(second.status, 1) << second.text;
  EXPECT_NE(second.text.find("cannot listen on " + address), std::string::npos) << second.text;
  EXPECT_NE(second.text.find("Address already in use"), std::string::npos) << second.text;
}

}  // namespace
}  // namespace renkei::testing

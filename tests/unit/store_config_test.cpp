// <store> attributes as the configuration loader reads them: the audit commit delay and the
// bound it must stay under.
#include <gtest/gtest.h>

#include <string>

#include "broker/config/config_loader.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/example_config.h"

namespace renkei {
namespace {

class StoreConfigTest : public ::testing::Test {
 protected:
  // The example configuration with `attributes` added to its <store>.
  BrokerConfig load(const std::string& attributes) {
    return test_support::loadExampleConfig(
        dir_.file("renkei.xml"),
        {{"<store kind=\"sqlite\"", "<store " + attributes + " kind=\"sqlite\""}});
  }
  std::string errorOf(const std::string& attributes) {
    try {
      load(attributes);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(loaded)";
  }

  testing::TempDir dir_;
};

TEST_F(StoreConfigTest, TheAuditCommitDelayIs500MicrosecondsUnlessSet) {
  EXPECT_EQ(load("").audit_commit_delay_us, 500);
  EXPECT_EQ(load("auditCommitDelayMicros=\"1000\"").audit_commit_delay_us, 1000);
}

TEST_F(StoreConfigTest, ACommitDelayCallersWouldOutwaitIsRefusedWithBothValues) {
  const std::string error = errorOf("auditCommitDelayMicros=\"60000\" auditTimeoutMs=\"100\"");
  EXPECT_NE(error.find("element store"), std::string::npos) << error;
  EXPECT_NE(error.find("auditCommitDelayMicros=\"60000\""), std::string::npos) << error;
  EXPECT_NE(error.find("auditTimeoutMs (100 ms)"), std::string::npos) << error;
  EXPECT_EQ(errorOf("auditCommitDelayMicros=\"49000\" auditTimeoutMs=\"100\""), "(loaded)");
}

TEST_F(StoreConfigTest, ANegativeCommitDelayNamesTheAttribute) {
  const std::string error = errorOf("auditCommitDelayMicros=\"-1\"");
  EXPECT_NE(error.find("auditCommitDelayMicros"), std::string::npos) << error;
}

}  // namespace
}  // namespace renkei

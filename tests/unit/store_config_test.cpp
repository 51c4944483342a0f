// <store> attributes as the configuration loader reads them: the audit commit delay and the
// bound it must stay under.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "broker/config/config_loader.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

class StoreConfigTest : public ::testing::Test {
 protected:
  // The example configuration with `attributes` added to its <store>.
  BrokerConfig load(const std::string& attributes) {
    std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/config/renkei.example.xml");
    std::ostringstream text;
    text << in.rdbuf();
    std::string config = text.str();
    const std::string src = RENKEI_SOURCE_DIR;
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"xsdDir=\"../xsd\"", "xsdDir=\"" + src + "/xsd\""},
          {"wsdlDir=\"../wsdl\"", "wsdlDir=\"" + src + "/wsdl\""},
          {"<store kind=\"sqlite\"", "<store " + attributes + " kind=\"sqlite\""}}) {
      const auto at = config.find(from);
      if (at == std::string::npos) throw std::runtime_error("not in the example: " + from);
      config.replace(at, from.size(), to);
    }
    const std::string path = dir_.file("renkei.xml");
    std::ofstream(path) << config;
    return loadBrokerConfig(path);
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

TEST_F(StoreConfigTest, TheAuditCommitDelayIsOffUnlessSet) {
  EXPECT_EQ(load("").audit_commit_delay_us, 0);
  EXPECT_EQ(load("auditCommitDelayMicros=\"500\"").audit_commit_delay_us, 500);
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

// <mynumber gatewayUnit>: read into the configuration, and refused with file, line and attribute
// when it names a unit the configuration does not declare.
#include <gtest/gtest.h>

#include <fstream>

#include "broker/config/config_loader.h"
#include "tests/integration/support/running_broker.h"

namespace renkei::testing {
namespace {

class MyNumberConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-mncfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  BrokerConfig load(const std::string& element) {
    BrokerSetup setup;
    if (!element.empty()) setup.config_edits = {{"  <services>", element + "\n  <services>"}};
    std::ofstream(dir_ + "/renkei.xml") << brokerConfigText(setup, dir_);
    return loadBrokerConfig(dir_ + "/renkei.xml");
  }
  std::string dir_;
};

TEST_F(MyNumberConfigTest, AbsentMeansNoGatewayAndADeclaredUnitIsTaken) {
  EXPECT_EQ(load("").mynumber_gateway_unit, "");
  EXPECT_EQ(load("  <mynumber gatewayUnit=\"062022/juki\"/>").mynumber_gateway_unit, "062022/juki");
}

TEST_F(MyNumberConfigTest, AnUndeclaredUnitIsAnErrorWithFileLineAndAttribute) {
  try {
    load("  <mynumber gatewayUnit=\"062022/mynumber-gw\"/>");
    FAIL() << "loaded";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(dir_ + "/renkei.xml:"), std::string::npos) << what;
    EXPECT_NE(what.find("attribute gatewayUnit: unit 062022/mynumber-gw is not declared"),
              std::string::npos)
        << what;
  }
  // The schema's own check: not a unit id at all.
  EXPECT_THROW(load("  <mynumber gatewayUnit=\"gw\"/>"), ConfigError);
}

TEST_F(MyNumberConfigTest, RecordsAreKeptSevenYearsUnlessConfigured) {
  EXPECT_EQ(load("").mynumber_record_retention_years, 7);
  EXPECT_EQ(load("  <mynumber gatewayUnit=\"062022/juki\"/>").mynumber_record_retention_years, 7);
  EXPECT_EQ(load("  <mynumber gatewayUnit=\"062022/juki\" recordRetentionYears=\"10\"/>")
                .mynumber_record_retention_years,
            10);
  try {
    load("  <mynumber gatewayUnit=\"062022/juki\" recordRetentionYears=\"0\"/>");
    FAIL() << "loaded";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(dir_ + "/renkei.xml:"), std::string::npos) << what;
    EXPECT_NE(what.find("attribute recordRetentionYears: the 情報提供等記録 are kept 1 to 100"),
              std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace renkei::testing

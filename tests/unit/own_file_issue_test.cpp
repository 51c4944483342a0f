// Schema errors in the operator's own files show the value and name the attribute; a message's
// values stay masked (issue_text.h).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "broker/config/config_loader.h"
#include "broker/xml/issue_text.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/example_config.h"

namespace renkei {
namespace {

std::string exampleWith(const std::string& from, const std::string& to) {
  return test_support::exampleConfigText({{from, to}});
}

std::string configErrorOf(const std::string& text) {
  const testing::TempDir dir;
  const std::string path = dir.file("renkei.xml");
  std::ofstream(path) << text;
  try {
    loadBrokerConfig(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(OwnFileIssue, AConfigurationErrorNamesTheAttributeAndShowsItsValue) {
  const std::string error = configErrorOf(exampleWith("workers=\"", "workers=\"abc"));
  EXPECT_NE(error.find("/renkei/listen/@workers: value 'abc"), std::string::npos) << error;
  EXPECT_EQ(error.find("***"), std::string::npos) << error;
  EXPECT_NE(error.find("renkei.xml:"), std::string::npos) << error;
}

TEST(OwnFileIssue, AFacetLimitStaysVisibleBesideTheValue) {
  const std::string error =
      configErrorOf(exampleWith("maxMessageBytes=\"", "maxMessageBytes=\"-5\" x=\""));
  // The broken attribute is the first error Xerces meets; either way no value is masked.
  EXPECT_EQ(error.find("***"), std::string::npos) << error;
}

TEST(OwnFileIssue, AnErrorOnOneOfManyElementsNamesTheAttributeOfThatElement) {
  const std::string error = configErrorOf(exampleWith("status=\"active\"", "status=\"running\""));
  EXPECT_NE(error.find("/@status: value 'running'"), std::string::npos) << error;
}

TEST(OwnFileIssue, MessageValuesAreStillMaskedButRemembered) {
  const std::string raw =
      "value '1980-13-45' does not match regular expression facet '[0-9]{4}-[0-9]{2}'";
  EXPECT_EQ(xml::redactValues(raw),
            "value '***' does not match regular expression facet '[0-9]{4}-[0-9]{2}'");
  EXPECT_EQ(xml::firstQuotedValue(raw), "1980-13-45");
  EXPECT_EQ(xml::firstQuotedValue("exceeds maxLength facet value '32'"), "");
}

}  // namespace
}  // namespace renkei

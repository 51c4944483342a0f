// Reading a purpose rules file: the example loads, and each kind of mistake is an error naming
// the file, the line and the field.
#include "broker/mynumber/purpose_rules_file.h"

#include <gtest/gtest.h>

namespace renkei::mynumber {
namespace {

const std::filesystem::path kXsd = std::filesystem::path(RENKEI_SOURCE_DIR) / "xsd";

std::string rulesFile(const std::string& rows) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<purposeRules xmlns=\"urn:renkei:mynumber:purpose-rules:v1\">\n" +
         rows + "</purposeRules>\n";
}

std::string row(const std::string& jimu = "JM0030", const std::string& item = "TM00000000000021",
                const std::string& extra = "", const std::string& jimu_name = "国保 保険料賦課") {
  return "  <rule jimuCode=\"" + jimu + "\" jimuName=\"" + jimu_name +
         "\" requester=\"*\" provider=\"*\" itemCode=\"" + item +
         "\" itemName=\"地方税関係情報\" legalBasis=\"主務省令第2条の表第47項\"" + extra + "/>\n";
}

std::string errorOf(const std::string& text) {
  try {
    parsePurposeRules(text, "rules.xml", kXsd);
  } catch (const PurposeRulesError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PurposeRulesFileTest, TheExampleLoadsWithLinesAndADigest) {
  const auto file = readPurposeRulesFile(
      std::string(RENKEI_SOURCE_DIR) + "/examples/mynumber/purpose-rules.xml", kXsd);
  ASSERT_GE(file.rules.size(), 10u);
  EXPECT_EQ(file.rules.front().jimu_code, "JM0030");
  EXPECT_EQ(file.rules.front().item_name, "地方税関係情報");
  EXPECT_EQ(file.rules.front().valid_from, "2017-11-13");
  EXPECT_EQ(file.sha256.size(), 64u);
  ASSERT_EQ(file.lines.size(), file.rules.size());
  EXPECT_GT(file.lines.front(), 5);
}

TEST(PurposeRulesFileTest, ASchemaViolationNamesLineAndTheFieldsPattern) {
  const std::string text = rulesFile(row() + row("JM30"));
  const std::string error = errorOf(text);
  EXPECT_EQ(error.rfind("rules.xml:4:", 0), 0u) << error;
  // The validator quotes no value (the parser redacts them everywhere) but the facet of the
  // field's type: JM + four digits is jimuCode.
  EXPECT_NE(error.find("/purposeRules/rule"), std::string::npos) << error;
  EXPECT_NE(error.find("JM[0-9]{4}"), std::string::npos) << error;
}

TEST(PurposeRulesFileTest, AMissingAttributeIsNamed) {
  const std::string error = errorOf(
      rulesFile("  <rule jimuCode=\"JM0030\" jimuName=\"x\" requester=\"*\" provider=\"*\"\n"
                "        itemCode=\"TM00000000000021\" itemName=\"y\"/>\n"));
  EXPECT_EQ(error.rfind("rules.xml:", 0), 0u) << error;
  EXPECT_NE(error.find("legalBasis"), std::string::npos) << error;
}

TEST(PurposeRulesFileTest, ARowGivenTwiceIsRefusedNamingBothLines) {
  const std::string error = errorOf(rulesFile(row() + row("JM0031") + row()));
  EXPECT_EQ(error.rfind("rules.xml:5: rule: attribute jimuCode:", 0), 0u) << error;
  EXPECT_NE(error.find("already at line 3"), std::string::npos) << error;
}

TEST(PurposeRulesFileTest, DatesAndNamesMustAgree) {
  EXPECT_EQ(errorOf(rulesFile(row("JM0030", "TM00000000000021",
                                  " validFrom=\"2024-04-01\" validTo=\"2024-03-31\""))),
            "rules.xml:3: rule: attribute validTo: 2024-03-31 is before validFrom 2024-04-01");
  const std::string renamed =
      errorOf(rulesFile(row() + row("JM0030", "TM00000000000002", "", "別の名前")));
  EXPECT_EQ(renamed.rfind("rules.xml:4: rule: attribute jimuName:", 0), 0u) << renamed;
}

TEST(PurposeRulesFileTest, NotWellFormedAndWrongRootAreErrorsToo) {
  EXPECT_EQ(errorOf("<purposeRules").rfind("rules.xml:1:", 0), 0u);
  EXPECT_NE(errorOf("<links xmlns=\"urn:renkei:config:v1\"/>").find("root element"),
            std::string::npos);
}

}  // namespace
}  // namespace renkei::mynumber

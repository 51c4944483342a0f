// Where Xerces departs from XML Schema and the broker corrects it (broker/xml/schema_fidelity.h):
// each case here was answered wrongly before, with xmllint as the oracle.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "broker/xml/hardened_parser.h"
#include "broker/xml/schema_set.h"

namespace renkei::xml {
namespace {

constexpr const char* kSchema = R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="urn:t" xmlns="urn:t" elementFormDefault="qualified">
  <xs:simpleType name="Max4"><xs:restriction base="xs:string"><xs:maxLength value="4"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Min3"><xs:restriction base="xs:string"><xs:minLength value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Exactly2"><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Token3"><xs:restriction base="xs:token"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Derived2"><xs:restriction base="Max4"><xs:maxLength value="2"/></xs:restriction></xs:simpleType>
  <xs:element name="R"><xs:complexType><xs:sequence>
    <xs:element name="max4" type="Max4" minOccurs="0"/>
    <xs:element name="min3" type="Min3" minOccurs="0"/>
    <xs:element name="exactly2" type="Exactly2" minOccurs="0"/>
    <xs:element name="token3" type="Token3" minOccurs="0"/>
    <xs:element name="derived2" type="Derived2" minOccurs="0"/>
    <xs:element name="at" type="xs:dateTime" minOccurs="0"/>
  </xs:sequence><xs:attribute name="kind" type="Max4"/></xs:complexType></xs:element>
</xs:schema>)";

const SchemaSet& testSchemas() {
  static const SchemaSet set = [] {
    const auto dir =
        std::filesystem::temp_directory_path() / ("renkei-fidelity-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "t.xsd") << kSchema;
    SchemaSet loaded = SchemaSet::loadDirectory(dir);
    std::filesystem::remove_all(dir);
    return loaded;
  }();
  return set;
}

ParseResult parse(const std::string& content, const std::string& root_attributes = "") {
  return HardenedParser::forThisThread(testSchemas(), ParserLimits{})
      .parse("<R xmlns=\"urn:t\"" + root_attributes + ">" + content + "</R>");
}

// The issues' messages, one per line ("" when the document is valid).
std::string issuesOf(const std::string& content, const std::string& root_attributes = "") {
  ParseResult result = parse(content, root_attributes);
  if (!result.ok()) return "fault: " + result.fault->reason;
  std::string all;
  for (const auto& issue : result.document->issues()) {
    all += issue.element_path + ": " + issue.message + "\n";
  }
  return all;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kBeyondBmp = "𠮷";  // U+20BB7, two UTF-16 units

TEST(SchemaFidelityTest, LengthsCountCharactersBeyondTheBmpOnce) {
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 4) + "</max4>"), "");
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 3) + "子</max4>"), "");
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 5) + "</max4>"),
            "/R/max4: value '***' has length '5' (characters) which exceeds maxLength facet "
            "value '4'\n");
  // Xerces accepts these (two units per character); they are too short.
  EXPECT_EQ(issuesOf("<min3>" + repeat(kBeyondBmp, 2) + "</min3>"),
            "/R/min3: value '***' has length '2' (characters) which is less than minLength facet "
            "value '3'\n");
  EXPECT_EQ(issuesOf("<exactly2>" + kBeyondBmp + "</exactly2>"),
            "/R/exactly2: value '***' has length '1' (characters) which is not equal to length "
            "facet value '2'\n");
  EXPECT_EQ(issuesOf("<exactly2>" + repeat(kBeyondBmp, 2) + "</exactly2>"), "");
}

TEST(SchemaFidelityTest, EachElementCountsOnlyItsOwnText) {
  // Siblings at one depth, and then the next document, start from nothing: no text, no
  // character beyond the BMP and no issue is carried over from the element before.
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 4) + "</max4><exactly2>" +
                     repeat(kBeyondBmp, 2) + "</exactly2>"),
            "");
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 5) + "</max4><exactly2>ab</exactly2>"),
            "/R/max4: value '***' has length '5' (characters) which exceeds maxLength facet "
            "value '4'\n");
  EXPECT_EQ(issuesOf("<max4>" + repeat(kBeyondBmp, 4) + "</max4><at>2024-06-03T10:15:42Z</at>"),
            "");
  EXPECT_EQ(issuesOf("<exactly2>" + repeat(kBeyondBmp, 2) + "</exactly2>"), "");
}

TEST(SchemaFidelityTest, InheritedFacetsAndWhitespaceCollapseAreHonoured) {
  EXPECT_EQ(issuesOf("<derived2>" + repeat(kBeyondBmp, 2) + "</derived2>"), "");
  EXPECT_NE(issuesOf("<derived2>" + repeat(kBeyondBmp, 3) + "</derived2>"), "");
  // xs:token collapses whitespace before counting: "  𠮷 𠮷  " is 3 characters.
  EXPECT_EQ(issuesOf("<token3>  " + kBeyondBmp + " " + kBeyondBmp + "  </token3>"), "");
}

TEST(SchemaFidelityTest, PlainTextKeepsXercesOwnAnswerWithTheLimitVisible) {
  EXPECT_EQ(issuesOf("<max4>abcd</max4>"), "");
  EXPECT_EQ(issuesOf("<max4>abcde</max4>"),
            "/R/max4: value '***' has length '5' which exceeds maxLength facet value '4'\n");
}

TEST(SchemaFidelityTest, DateTimeLexicalSpaceIsEnforced) {
  EXPECT_EQ(issuesOf("<at>2024-06-03T10:15:42Z</at>"), "");
  EXPECT_EQ(issuesOf("<at>2024-06-03T10:15:42.5+09:00</at>"), "");
  EXPECT_EQ(issuesOf("<at> 2024-06-03T10:15:42 </at>"), "");
  const std::string wrong =
      "/R/at: value '***' is not a valid xs:dateTime: a fraction of a second needs at least one "
      "digit, and seconds run from 00 to 59\n";
  EXPECT_EQ(issuesOf("<at>2024-06-03T10:15:42.Z</at>"), wrong);
  EXPECT_NE(issuesOf("<at>2024-06-03T10:15:42.</at>"), "");  // Xerces refuses this one itself
  EXPECT_EQ(issuesOf("<at>2024-06-03T10:15:60Z</at>"), wrong);
  // Errors Xerces finds itself are reported once, in its words.
  const std::string month13 = issuesOf("<at>2024-13-03T10:15:42Z</at>");
  EXPECT_NE(month13, "");
  EXPECT_EQ(month13.find("xs:dateTime: a fraction"), std::string::npos) << month13;
}

TEST(SchemaFidelityTest, WhitespaceInCdataBetweenElementsIsWhitespace) {
  EXPECT_EQ(issuesOf("<![CDATA[ \n ]]><max4>ab</max4><![CDATA[\t]]>"), "");
  EXPECT_EQ(issuesOf("<![CDATA[ x ]]><max4>ab</max4>"),
            "/R: no character data is allowed by content model\n");
  EXPECT_EQ(issuesOf("x<max4>ab</max4>"), "/R: no character data is allowed by content model\n");
}

TEST(SchemaFidelityTest, AnAttributeIssueNamesTheElementThatCarriesIt) {
  EXPECT_EQ(issuesOf("<max4>ab</max4>", " kind=\"abcde\""),
            "/R: value '***' has length '5' which exceeds maxLength facet value '4'\n");
  EXPECT_EQ(issuesOf("<max4 extra=\"1\">ab</max4>"),
            "/R/max4: attribute 'extra' is not declared for element 'max4'\n");
}

TEST(SchemaFidelityTest, AnUndeclaredPrefixInXsiTypeIsASchemaViolation) {
  ParseResult in_value = parse(
      "<max4 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:type=\"zz:Foo\">ab</max4>");
  ASSERT_FALSE(in_value.ok());
  EXPECT_EQ(in_value.fault->code, FaultCode::kSchemaViolation) << in_value.fault->reason;
  EXPECT_NE(in_value.fault->reason.find("prefix 'zz'"), std::string::npos);
  // In an element's or an attribute's name it breaks XML Namespaces: not well-formed.
  ParseResult in_name = parse("<zz:max4>ab</zz:max4>");
  ASSERT_FALSE(in_name.ok());
  EXPECT_EQ(in_name.fault->code, FaultCode::kInvalidXml);
  ParseResult in_attribute = parse("<max4 zz:extra = \"1\">ab</max4>");
  ASSERT_FALSE(in_attribute.ok());
  EXPECT_EQ(in_attribute.fault->code, FaultCode::kInvalidXml);
}

}  // namespace
}  // namespace renkei::xml

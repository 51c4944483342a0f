// Layout files: the shipped ones load; a layout that breaks its schema or its own rules is
// refused with the file, the line and the field.
#include "adapters/file/layout.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/adapters/file/file_fixture.h"

namespace renkei::file {
namespace {

using testing::layoutPath;

std::string errorOf(const std::string& text) {
  try {
    parseLayout(text, "bad.xml");
  } catch (const LayoutError& e) {
    return e.what();
  }
  return "no error";
}

std::string layoutText(const std::string& fields, const std::string& mapping,
                       const std::string& length = "20") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<layout xmlns=\"urn:renkei:adapter:file-layout:v1\" name=\"t\" encoding=\"CP932\">\n"
         "  <message service=\"JuminIdoTsuchi\" version=\"1\" ns=\"urn:x\" root=\"R\" "
         "purpose=\"P\"/>\n"
         "  <record length=\"" +
         length + "\">\n" + fields + "  </record>\n  <mapping>\n" + mapping +
         "  </mapping>\n</layout>\n";
}

TEST(LayoutTest, ShippedLayoutsLoadWithEveryFieldType) {
  const Layout juki = readLayoutFile(layoutPath("juki-ido.xml"));
  EXPECT_EQ(juki.name, "juki-ido");
  EXPECT_EQ(juki.record_length, 320u);
  EXPECT_EQ(juki.separator, Separator::kCrlf);
  EXPECT_EQ(juki.message.root, "JuminIdoTsuchi");
  EXPECT_EQ(juki.message.key_field, "AtenaNo");
  std::set<FieldType> types;
  for (const FieldSpec& f : juki.fields) types.insert(f.type);
  EXPECT_EQ(types.size(), 7u) << "numeric, kanji, kana, date-wareki, date-seireki, code, filler";
  const FieldSpec* shimei = juki.field("Shimei");
  ASSERT_NE(shimei, nullptr);
  EXPECT_EQ(shimei->offset, 48u);
  EXPECT_EQ(shimei->length, 40u);
  EXPECT_EQ(shimei->padding, Padding::kZenkakuSpace);
  EXPECT_EQ(shimei->encoding, TextEncoding::kCp932);
  EXPECT_FALSE(juki.field("Katagaki")->required);
  EXPECT_EQ(juki.field("Seibetsu")->codes, (std::vector<std::string>{"1", "2", "9"}));
  EXPECT_EQ(juki.mapping.size(), 17u);
  EXPECT_EQ(juki.mapping[10].path, (std::vector<std::string>{"Jumin", "Jusho", "Todofuken"}));

  const Layout kazei = readLayoutFile(layoutPath("juminzei-kazei.xml"));
  EXPECT_EQ(kazei.record_length, 160u);
  EXPECT_EQ(kazei.mapping.front().value, "1");
  EXPECT_FALSE(kazei.mapping.front().field);
}

TEST(LayoutTest, SchemaErrorsNameTheLineAndTheAttribute) {
  const std::string bad_type =
      layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"money\"/>\n",
                 "    <element path=\"A\" field=\"a\"/>\n");
  const std::string error = errorOf(bad_type);
  EXPECT_EQ(error.rfind("bad.xml:5:", 0), 0u) << error;
  // The operator's own file: the attribute is named and its value shown (own_file_issue.h).
  EXPECT_NE(error.find("/layout/record/field/@type: value 'money'"), std::string::npos) << error;
  EXPECT_NE(error.find("not in enumeration"), std::string::npos) << error;

  const std::string no_length =
      layoutText("    <field name=\"a\" offset=\"0\" type=\"numeric\"/>\n",
                 "    <element path=\"A\" field=\"a\"/>\n");
  EXPECT_NE(errorOf(no_length).find("length"), std::string::npos) << errorOf(no_length);
  EXPECT_NE(errorOf("<layout/>").find("bad.xml"), std::string::npos);
  EXPECT_NE(errorOf("not xml").find("bad.xml:1:"), std::string::npos);
}

TEST(LayoutTest, RulesBeyondTheSchemaNameFileLineAndField) {
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\"/>\n"
                         "    <field name=\"b\" offset=\"4\" length=\"5\" type=\"numeric\"/>\n",
                         "    <element path=\"A\" field=\"a\"/>\n")),
      "bad.xml:6: b: attribute offset: 4 overlaps field a (bytes 0-4, line 5)");
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"10\" length=\"11\" type=\"kanji\"/>\n",
                         "    <element path=\"A\" field=\"a\"/>\n")),
      "bad.xml:5: a: attribute length: bytes 10-20 run past the record's 20 bytes");
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\"/>\n",
                         "    <element path=\"A\" field=\"a\"/>\n"
                         "    <element path=\"B\" field=\"zz\"/>\n")),
      "bad.xml:9: B: attribute field: names no field of the record: zz");
  EXPECT_EQ(errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"code\"/>\n",
                               "    <element path=\"A\" field=\"a\"/>\n")),
            "bad.xml:5: a: attribute codes: a code field lists the values it allows");
  EXPECT_EQ(errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\" "
                               "padding=\"zenkaku-space\"/>\n",
                               "    <element path=\"A\" field=\"a\"/>\n")),
            "bad.xml:5: a: attribute padding: zenkaku-space pads text fields only (kanji, kana)");
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\"/>\n",
                         "    <element path=\"A\" field=\"a\"/>\n"
                         "    <element path=\"A/B\" value=\"x\"/>\n")),
      "bad.xml:9: A/B: attribute path: is inside A (line 8), which carries text");
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\"/>\n"
                         "    <field name=\"a\" offset=\"5\" length=\"5\" type=\"numeric\"/>\n",
                         "    <element path=\"A\" field=\"a\"/>\n")),
      "bad.xml:6: a: attribute name: is already the name of the field at line 5");
  EXPECT_EQ(
      errorOf(layoutText("    <field name=\"a\" offset=\"0\" length=\"5\" type=\"numeric\"/>\n",
                         "    <element path=\"A\" field=\"a\" value=\"1\"/>\n")),
      "bad.xml:8: A: attribute field: an element takes either a field or a value, exactly one");
}

}  // namespace
}  // namespace renkei::file

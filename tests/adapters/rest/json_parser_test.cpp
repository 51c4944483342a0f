// The bridge's JSON parser on what callers send: valid documents, and every malformation a
// lenient parser would let through (duplicates, trailing commas, lone surrogates, bad UTF-8).
#include "adapters/rest/json_parser.h"

#include <gtest/gtest.h>

namespace renkei::rest {
namespace {

JsonValue parsed(std::string_view text) {
  JsonParse result = parseJson(text);
  EXPECT_TRUE(result.value.has_value()) << text << ": " << result.error.message;
  return result.value.value_or(JsonValue{});
}

JsonError refused(std::string_view text, const JsonLimits& limits = {}) {
  JsonParse result = parseJson(text, limits);
  EXPECT_FALSE(result.value.has_value()) << text << " was accepted";
  return result.error;
}

TEST(JsonParser, ReadsObjectsArraysAndScalarsInOrder) {
  const JsonValue v = parsed(
      R"( {"AtenaNo":"000000000000019","count":12,"ratio":-0.5e+2,"flags":[true,false,null],"x":{}} )");
  ASSERT_EQ(v.kind, JsonValue::Kind::kObject);
  ASSERT_EQ(v.members.size(), 5u);
  EXPECT_EQ(v.members[0].first, "AtenaNo");
  EXPECT_EQ(v.member("AtenaNo")->text, "000000000000019");
  EXPECT_EQ(v.member("count")->kind, JsonValue::Kind::kNumber);
  EXPECT_EQ(v.member("count")->text, "12");
  EXPECT_EQ(v.member("ratio")->text, "-0.5e+2");  // kept as written
  const JsonValue& flags = *v.member("flags");
  ASSERT_EQ(flags.items.size(), 3u);
  EXPECT_TRUE(flags.items[0].boolean);
  EXPECT_EQ(flags.items[1].kind, JsonValue::Kind::kBool);
  EXPECT_FALSE(flags.items[1].boolean);
  EXPECT_EQ(flags.items[2].kind, JsonValue::Kind::kNull);
  EXPECT_EQ(v.member("x")->kind, JsonValue::Kind::kObject);
  EXPECT_EQ(v.member("missing"), nullptr);
}

TEST(JsonParser, DecodesEscapesAndKeepsJapaneseText) {
  const JsonValue v = parsed(R"(["ヤマダ　タロウ","a\"b\\c\/d\n","\u5c71\u7530","\ud842\udfb7"])");
  EXPECT_EQ(v.items[0].text, "ヤマダ　タロウ");
  EXPECT_EQ(v.items[1].text, "a\"b\\c/d\n");
  EXPECT_EQ(v.items[2].text, "山田");
  EXPECT_EQ(v.items[3].text, "𠮷");  // a surrogate pair is one character beyond the BMP
}

TEST(JsonParser, RefusesWhatRfc8259Refuses) {
  for (const char* bad : {"",
                          "{",
                          "[1,]",
                          "{\"a\":1,}",
                          "{\"a\" 1}",
                          "{a:1}",
                          "'x'",
                          "01",
                          "1.",
                          ".5",
                          "-",
                          "1e",
                          "+1",
                          "tru",
                          "nul",
                          "[1] [2]",
                          "\"\\x\"",
                          "\"tab\there\"",
                          "{\"a\":1}/*c*/",
                          "NaN",
                          "\"\\u12\"",
                          "[1 2]"}) {
    refused(bad);
  }
}

TEST(JsonParser, RefusesDuplicateMembersWithTheirPosition) {
  const JsonError error = refused("{\n  \"a\": 1,\n  \"a\": 2\n}");
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 3);
  EXPECT_NE(error.message.find("\"a\" appears twice"), std::string::npos) << error.message;
}

TEST(JsonParser, RefusesLoneSurrogatesAndInvalidUtf8) {
  refused(R"("\ud842")");
  refused(R"("\udfb7")");
  refused(R"("\ud842\u0041")");
  refused("\"\xC3\"");              // truncated sequence
  refused("\"\xC0\xAF\"");          // overlong '/'
  refused("\"\xED\xA0\x80\"");      // an encoded surrogate
  refused("\"\xF4\x90\x80\x80\"");  // beyond U+10FFFF
  refused("\"\xFF\"");
}

TEST(JsonParser, StopsAtTheDepthAndSizeLimits) {
  std::string deep(65, '[');
  deep += std::string(65, ']');
  EXPECT_NE(refused(deep).message.find("nested deeper"), std::string::npos);
  std::string ok(64, '[');
  ok += std::string(64, ']');
  parsed(ok);
  JsonLimits small;
  small.max_bytes = 8;
  EXPECT_NE(refused("[1,2,3,4,5]", small).message.find("larger than 8 bytes"), std::string::npos);
}

TEST(JsonParser, ReportsLineAndColumnOfTheFault) {
  const JsonError error = refused("{\n \"a\": [1,\n  2,,3]}");
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 5);
}

}  // namespace
}  // namespace renkei::rest

#include "broker/registry/text_encoding.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(TextEncodingTest, Utf8IsAcceptedAndItsFirstFlawIsLocated) {
  EXPECT_FALSE(findInvalidUtf8("sender,receiver\n062022/juki,住民基本台帳 😀\n"));
  EXPECT_FALSE(findInvalidUtf8(""));

  // "国保" in CP932 on line 2.
  const auto bad = findInvalidUtf8("a,b\nx,\x8D\x91\x95\xDB\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->offset, 6u);
  EXPECT_EQ(bad->line, 2);
}

TEST(TextEncodingTest, IllFormedUtf8SequencesAreRefused) {
  for (const char* text : {"\xC0\xAF",          // overlong '/'
                           "\xE0\x80\xAF",      // overlong, three bytes
                           "\xED\xA0\x80",      // a surrogate
                           "\xF4\x90\x80\x80",  // above U+10FFFF
                           "\xE4\xBD",          // cut short at the end
                           "\x80", "\xFF"}) {
    const auto bad = findInvalidUtf8(std::string("ok ") + text);
    ASSERT_TRUE(bad) << text;
    EXPECT_EQ(bad->offset, 3u);
  }
}

TEST(TextEncodingTest, Cp932DecodesToUtf8) {
  // 国民健康保険, NEC special ① and IBM extension 髙 as Excel writes them.
  const Cp932Decoded decoded = decodeCp932(
      "\x8D\x91\x96\xAF\x8C\x92\x8D\x4E\x95\xDB\x8C\xAF,"
      "\x87\x40\xFB\xFC\r\n");
  ASSERT_FALSE(decoded.error);
  EXPECT_EQ(decoded.utf8, "国民健康保険,①髙\r\n");
}

TEST(TextEncodingTest, BytesCp932LacksAreLocated) {
  const Cp932Decoded decoded = decodeCp932("a\nb\xA0\n");
  ASSERT_TRUE(decoded.error);
  EXPECT_EQ(decoded.error->offset, 3u);
  EXPECT_EQ(decoded.error->line, 2);
  // A lead byte with nothing after it.
  ASSERT_TRUE(decodeCp932("abc\x8D").error);
}

TEST(TextEncodingTest, Cp932EncodesAndReadsBackTheSameText) {
  std::string bytes;
  ASSERT_FALSE(encodeCp932("国民健康保険法 第36条 ①髙﨑 ～ABC", &bytes));
  const Cp932Decoded back = decodeCp932(bytes);
  ASSERT_FALSE(back.error);
  EXPECT_EQ(back.utf8, "国民健康保険法 第36条 ①髙﨑 ～ABC");
}

TEST(TextEncodingTest, CharactersCp932CannotCarryAreNamed) {
  std::string bytes;
  auto lost = encodeCp932("Café", &bytes);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->offset, 3u);
  EXPECT_EQ(codePointLabel(lost->code_point), "U+00E9");
  EXPECT_FALSE(lost->becomes);

  lost = encodeCp932("絵文字😀", &bytes);
  ASSERT_TRUE(lost);
  EXPECT_EQ(codePointLabel(lost->code_point), "U+1F600");
}

TEST(TextEncodingTest, OneWayMappingsAreReportedNotApplied) {
  std::string bytes;
  // WAVE DASH would come back as FULLWIDTH TILDE; YEN SIGN as a backslash.
  auto lost = encodeCp932("9時〜17時", &bytes);
  ASSERT_TRUE(lost);
  EXPECT_EQ(codePointLabel(lost->code_point), "U+301C");
  ASSERT_TRUE(lost->becomes);
  EXPECT_EQ(codePointLabel(*lost->becomes), "U+FF5E");

  lost = encodeCp932("¥100", &bytes);
  ASSERT_TRUE(lost);
  EXPECT_EQ(codePointLabel(lost->code_point), "U+00A5");
}

TEST(TextEncodingTest, BytesThatAreNotUtf8AreNotEncoded) {
  std::string bytes;
  const auto lost = encodeCp932("ab\x8D\x91", &bytes);
  ASSERT_TRUE(lost);
  EXPECT_TRUE(lost->invalid_utf8);
  EXPECT_EQ(lost->offset, 2u);
}

TEST(TextEncodingTest, Utf8OfWritesEachLength) {
  EXPECT_EQ(utf8Of(U'A'), "A");
  EXPECT_EQ(utf8Of(U'é'), "é");
  EXPECT_EQ(utf8Of(U'〜'), "〜");
  EXPECT_EQ(utf8Of(U'😀'), "😀");
}

}  // namespace
}  // namespace renkei

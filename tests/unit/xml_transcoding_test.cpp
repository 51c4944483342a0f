// UTF-8 <-> UTF-16 for DOM names and text: what 氏名 carries (髙, 﨑, 𠮷 beyond the BMP) must
// survive; broken input must never produce broken UTF-8 in a fault or audit record.
#include <gtest/gtest.h>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {
namespace {

TEST(XmlTranscoding, RoundTripsTextBeyondTheBmp) {
  const std::string names = "髙橋 﨑山 𠮷田 𠮟 ｳｴｽｷﾞ ウエスギ e\xCC\x81";
  const std::u16string utf16 = fromUtf8(names);
  EXPECT_EQ(utf16.size(), 26u);  // 24 characters; 𠮷 and 𠮟 are surrogate pairs
  EXPECT_EQ(toUtf8(utf16.c_str()), names);
}

TEST(XmlTranscoding, UnpairedSurrogatesBecomeReplacementCharacters) {
  const char16_t broken[] = {u'a', 0xD842, u'b', 0xDFB7, 0};
  EXPECT_EQ(toUtf8(broken),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(toUtf8(nullptr), "");
}

TEST(XmlTranscoding, InvalidUtf8GivesNothing) {
  EXPECT_TRUE(fromUtf8("\xC0\xAF").empty());          // overlong '/'
  EXPECT_TRUE(fromUtf8("\xED\xA0\x80").empty());      // encoded surrogate
  EXPECT_TRUE(fromUtf8("\xF4\x90\x80\x80").empty());  // beyond U+10FFFF
  EXPECT_TRUE(fromUtf8("abc\xE3\x81").empty());       // truncated
}

TEST(XmlTranscoding, EqualsComparesWithoutConverting) {
  const std::u16string name = fromUtf8("PlatformHeader");
  EXPECT_TRUE(equalsUtf8(name.c_str(), "PlatformHeader"));
  EXPECT_FALSE(equalsUtf8(name.c_str(), "PlatformHeade"));
  EXPECT_FALSE(equalsUtf8(name.c_str(), "PlatformHeaderX"));
  EXPECT_TRUE(equalsUtf8(nullptr, ""));
  EXPECT_FALSE(equalsUtf8(nullptr, "a"));
  const std::u16string kanji = fromUtf8("𠮷田");
  EXPECT_TRUE(equalsUtf8(kanji.c_str(), "𠮷田"));
  EXPECT_FALSE(equalsUtf8(kanji.c_str(), "吉田"));
  EXPECT_FALSE(equalsUtf8(kanji.c_str(), "\xF0\xA0"));
}

}  // namespace
}  // namespace renkei::xml

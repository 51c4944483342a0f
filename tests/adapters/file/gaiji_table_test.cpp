// The 外字 table file: entries read, bad lines refused with file and line; half-width kana.
#include "adapters/file/gaiji_table.h"

#include <gtest/gtest.h>

#include "adapters/file/kana_width.h"

namespace renkei::file {
namespace {

std::string errorOf(const std::string& text) {
  try {
    GaijiTable::parse(text, "gaiji.txt");
  } catch (const GaijiTableError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GaijiTableTest, EntriesAreFoundBothWays) {
  const GaijiTable t = GaijiTable::parse(
      "# comment\n\nCP932 F040 U+20BB7 文字情報基盤  # 𠮷\nEUC-JP f5a1 U+9AD9\n", "gaiji.txt");
  EXPECT_EQ(t.size(), 2u);
  ASSERT_NE(t.find(TextEncoding::kCp932, "\xF0\x40"), nullptr);
  EXPECT_EQ(t.find(TextEncoding::kCp932, "\xF0\x40")->code_point, U'\U00020BB7');
  EXPECT_EQ(t.find(TextEncoding::kCp932, "\xF0\x40")->source, "文字情報基盤");
  EXPECT_EQ(t.find(TextEncoding::kEucJp, "\xF5\xA1")->code_point, U'髙');
  EXPECT_EQ(t.find(TextEncoding::kEucJp, "\xF0\x40"), nullptr);
  EXPECT_EQ(t.bytesFor(TextEncoding::kCp932, U'\U00020BB7'), "\xF0\x40");
}

TEST(GaijiTableTest, BadLinesNameFileAndLine) {
  EXPECT_EQ(errorOf("CP932 F040 U+20BB7\nSJIS F041 U+9AD9\n"),
            "gaiji.txt:2: encoding: 'SJIS' is not CP932, EUC-JP or UTF-8");
  EXPECT_EQ(errorOf("CP932 F04 U+20BB7\n"),
            "gaiji.txt:1: bytes: 'F04' is not hexadecimal bytes (e.g. F040)");
  EXPECT_EQ(errorOf("CP932 4142 U+20BB7\n"),
            "gaiji.txt:1: bytes: 4142 is not a double-byte character of CP932");
  EXPECT_EQ(errorOf("CP932 F040 20BB7\n"),
            "gaiji.txt:1: code point: '20BB7' is not U+XXXX (non-ASCII, not a surrogate)");
  EXPECT_EQ(errorOf("CP932 F040 U+D800\n"),
            "gaiji.txt:1: code point: 'U+D800' is not U+XXXX (non-ASCII, not a surrogate)");
  EXPECT_EQ(errorOf("CP932 F040 U+20BB7\nCP932 F040 U+9AD9\n"),
            "gaiji.txt:2: bytes: CP932 F040 is already mapped at line 1");
  EXPECT_EQ(errorOf("CP932 F040\n"), "gaiji.txt:1: an entry is ENCODING BYTES U+XXXX [SOURCE]");
}

TEST(KanaWidthTest, HalfWidthKanaBecomesFullWidthWithVoicingMarksJoined) {
  EXPECT_EQ(toFullWidthKana("ﾀﾞｲｽｹ"), "ダイスケ");
  EXPECT_EQ(toFullWidthKana("ﾊﾟﾋﾞﾌﾟﾍﾞﾎﾟ"), "パビプベポ");
  EXPECT_EQ(toFullWidthKana("ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
  EXPECT_EQ(toFullWidthKana("ﾂﾞﾃﾞﾄﾞ ｯｰ"), "ヅデド　ッー");
  EXPECT_EQ(toFullWidthKana("ｱﾞ"), "ア゛");  // no voiced ア: the mark stays visible
  EXPECT_EQ(toFullWidthKana("ナオエ"), "ナオエ");
  char32_t found = 0;
  EXPECT_EQ(firstNonKatakana("ナオエ　ケン", &found), std::string::npos);
  EXPECT_EQ(firstNonKatakana("ナオエA", &found), 9u);
  EXPECT_EQ(found, U'A');
}

}  // namespace
}  // namespace renkei::file

// RFC 4180 CSV as spreadsheets write it, including Japanese text and line breaks in cells.
#include "broker/registry/csv.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(Csv, QuotesCommasAndLineBreaksInsideFields) {
  const auto csv = parseCsv(
      "a,b,c\r\n"
      "\"氏名,住所\",\"彼は\"\"はい\"\"と言った\",\"一行目\n二行目\"\r\n"
      "\n"
      "x,,z\n");
  ASSERT_TRUE(csv.error.empty()) << csv.error;
  ASSERT_EQ(csv.records.size(), 3u);
  EXPECT_EQ(csv.records[1].fields,
            (std::vector<std::string>{"氏名,住所", "彼は\"はい\"と言った", "一行目\n二行目"}));
  EXPECT_EQ(csv.records[1].line, 2);
  EXPECT_EQ(csv.records[2].line, 5);  // the record after the two-line cell and a blank line
  EXPECT_EQ(csv.records[2].fields, (std::vector<std::string>{"x", "", "z"}));
}

TEST(Csv, DropsTheBomExcelWrites) {
  const auto csv = parseCsv("\xEF\xBB\xBFsender,receiver\n");
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].fields[0], "sender");
}

TEST(Csv, MalformedInputNamesTheLine) {
  auto unclosed = parseCsv("a,b\n1,\"never closed\n2,3\n");
  EXPECT_EQ(unclosed.error_line, 2);
  EXPECT_NE(unclosed.error.find("never closed"), std::string::npos) << unclosed.error;
  auto stray = parseCsv("a,b\nx,y\"z\n");
  EXPECT_EQ(stray.error_line, 2);
  auto after = parseCsv("a\n\"q\"x\n");
  EXPECT_EQ(after.error_line, 2);
}

TEST(Csv, WritesWhatItReads) {
  const std::vector<std::string> fields = {"plain", "カンマ,あり", "quote\"d", "改\n行", ""};
  const auto csv = parseCsv(csvLine(fields) + csvLine({"2"}));
  ASSERT_EQ(csv.records.size(), 2u);
  EXPECT_EQ(csv.records[0].fields, fields);
  EXPECT_EQ(csv.records[1].line, 3);
}

TEST(Csv, FormulaLikeFieldsAreWrittenAsTextAndReadBackExactly) {
  EXPECT_EQ(csvField("=1+2"), "'=1+2");
  EXPECT_EQ(csvField("+81-238"), "'+81-238");
  EXPECT_EQ(csvField("-"), "'-");
  EXPECT_EQ(csvField("@cmd"), "'@cmd");
  EXPECT_EQ(csvField("\tx"), "'\tx");
  EXPECT_EQ(csvField("'quoted"), "''quoted");
  EXPECT_EQ(csvField("a=b"), "a=b") << "only the first character makes a formula";
  const std::vector<std::string> fields = {"=cmd|' /C calc'!A0", "'", "''", "-1", "@", "=a,b"};
  const auto csv = parseCsv(csvLine(fields));
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].fields, fields);
}

TEST(Csv, OneLeadingApostropheIsTheTextMarkerAndIsDropped) {
  const auto csv = parseCsv("'=SUM(A1),'plain,\"'quoted\",in'side\n");
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].fields,
            (std::vector<std::string>{"=SUM(A1)", "plain", "quoted", "in'side"}));
}

}  // namespace
}  // namespace renkei

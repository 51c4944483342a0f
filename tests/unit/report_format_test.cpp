// Terminal table, CSV and JSON forms of a ReportTable.
#include <gtest/gtest.h>

#include <sstream>

#include "broker/registry/csv.h"
#include "broker/registry/display_width.h"
#include "broker/reports/report_format.h"

namespace renkei::reports {
namespace {

ReportTable sample() {
  ReportTable t;
  t.title = "Sample";
  t.columns = {"unit", "count", "note"};
  t.numeric_columns = {"count"};
  t.rows = {{"062022/juki", "12", "住民基本台帳"}, {"住基", "3", "a, \"b\"\nc"}, {"x", "", ""}};
  t.notes = {"3 rows"};
  return t;
}

template <typename Render>
std::string rendered(const ReportTable& t, Render render) {
  std::ostringstream out;
  render(t, out);
  return out.str();
}

TEST(ReportCsvTest, QuotesCommasQuotesAndNewlinesAndKeepsJapanese) {
  EXPECT_EQ(rendered(sample(), renderCsv),
            "unit,count,note\r\n"
            "062022/juki,12,住民基本台帳\r\n"
            "住基,3,\"a, \"\"b\"\"\nc\"\r\n"
            "x,,\r\n");
}

TEST(ReportCsvTest, FieldQuoting) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("line\r\nbreak"), "\"line\r\nbreak\"");
  EXPECT_EQ(csvField("国民健康保険法 第9条、住民基本台帳法"),
            "国民健康保険法 第9条、住民基本台帳法");
  EXPECT_EQ(csvField(""), "");
}

TEST(ReportCsvTest, ACellThatASpreadsheetWouldRunIsWrittenAsText) {
  ReportTable table;
  table.columns = {"note"};
  table.rows = {{"=HYPERLINK(\"http://x\",\"click\")"}, {"@SUM(A1)"}};
  EXPECT_EQ(rendered(table, renderCsv),
            "note\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"\r\n"
            "'@SUM(A1)\r\n");
}

TEST(ReportJsonTest, ArrayOfObjectsWithNumbersAndNulls) {
  EXPECT_EQ(rendered(sample(), renderJson),
            "[\n"
            "  {\"unit\": \"062022/juki\", \"count\": 12, \"note\": \"住民基本台帳\"},\n"
            "  {\"unit\": \"住基\", \"count\": 3, \"note\": \"a, \\\"b\\\"\\nc\"},\n"
            "  {\"unit\": \"x\", \"count\": null, \"note\": \"\"}\n"
            "]\n");
  ReportTable empty = sample();
  empty.rows.clear();
  EXPECT_EQ(rendered(empty, renderJson), "[]\n");
}

TEST(ReportJsonTest, EscapesControlsBackslashesAndBrokenUtf8) {
  EXPECT_EQ(jsonString("a\\b\t\x01\x7f"), "\"a\\\\b\\t\\u0001\\u007f\"");
  EXPECT_EQ(jsonString("\xE2\x80\xA8"), "\"\\u2028\"");
  EXPECT_EQ(jsonString("ok\xFF"
                       "end"),
            "\"ok\\ufffdend\"");
  EXPECT_EQ(jsonString("\xE4\xBD"), "\"\\ufffd\\ufffd\"");  // truncated 3-byte sequence
  EXPECT_EQ(jsonString("連携"), "\"連携\"");
}

TEST(ReportJsonTest, ANumericColumnHoldingTextStaysAString) {
  ReportTable t;
  t.columns = {"n"};
  t.numeric_columns = {"n"};
  t.rows = {{"007"}, {"1e9"}, {"-4"}};
  EXPECT_EQ(rendered(t, renderJson),
            "[\n  {\"n\": \"007\"},\n  {\"n\": \"1e9\"},\n  {\"n\": -4}\n]\n");
}

TEST(ReportTableTest, AlignsWideCharactersAndRightAlignsNumbers) {
  const std::string text = rendered(sample(), renderTable);
  EXPECT_EQ(text,
            "Sample\n"
            "\n"
            "UNIT         COUNT  NOTE\n"
            "-----------  -----  ------------\n"
            "062022/juki     12  住民基本台帳\n"
            "住基             3  a, \"b\" c\n"
            "x\n"
            "\n"
            "3 rows\n");
}

TEST(ReportTableTest, EveryLineOfTheGridHasTheSameDisplayWidthUpToTheLastColumn) {
  ReportTable t;
  t.columns = {"name", "id"};
  t.rows = {{"国民健康保険システム(山形市)", "1"}, {"juki", "2"}, {"ｶﾅ", "3"}};
  std::istringstream lines(rendered(t, renderTable));
  std::string line;
  std::vector<std::size_t> id_columns;
  while (std::getline(lines, line)) {
    if (line.empty() || line == "(no rows)") continue;
    const auto last_gap = line.rfind("  ");
    id_columns.push_back(displayWidth(line.substr(0, last_gap + 2)));
  }
  ASSERT_EQ(id_columns.size(), 5u);
  for (std::size_t width : id_columns) EXPECT_EQ(width, id_columns[0]);
}

TEST(ReportTableTest, SaysSoWhenThereAreNoRows) {
  ReportTable t;
  t.title = "Nothing";
  t.columns = {"a"};
  EXPECT_EQ(rendered(t, renderTable), "Nothing\n\nA\n-\n(no rows)\n");
}

TEST(ReportFormatTest, ParsesNames) {
  EXPECT_EQ(parseReportFormat("csv"), ReportFormat::kCsv);
  EXPECT_EQ(parseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(parseReportFormat("table"), ReportFormat::kTable);
  EXPECT_EQ(parseReportFormat("xlsx"), std::nullopt);
}

}  // namespace
}  // namespace renkei::reports

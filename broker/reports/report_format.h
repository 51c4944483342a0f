#pragma once
// A ReportTable as a terminal table, CSV or JSON. Output is UTF-8 throughout.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "broker/reports/report_table.h"

namespace renkei::reports {

enum class ReportFormat { kTable, kCsv, kJson };
std::optional<ReportFormat> parseReportFormat(std::string_view name);  // "table" | "csv" | "json"

// Title, aligned columns (kanji and kana count two columns), then the notes. Control characters
// in cells become spaces so one row stays one line.
void renderTable(const ReportTable& table, std::ostream& out);
// RFC 4180: header row of column keys, CRLF line ends, fields quoted when they hold a comma,
// quote, CR or LF, quotes doubled. No BOM.
void renderCsv(const ReportTable& table, std::ostream& out);
// An array of objects keyed by column; numeric columns as numbers (empty -> null).
void renderJson(const ReportTable& table, std::ostream& out);
void renderReport(const ReportTable& table, ReportFormat format, std::ostream& out);

std::string jsonString(std::string_view value);  // with the surrounding quotes

}  // namespace renkei::reports

#pragma once
// RFC 4180 CSV, as spreadsheets (Excel, LibreOffice) write it for governance lists: fields in
// double quotes may hold commas, quotes ("") and line breaks; CRLF or LF line ends; UTF-8 text
// passes through untouched (a leading UTF-8 BOM, which Excel adds, is dropped).
//
// Formula injection: registry and audit values come from callers and vendors, and a governance
// officer opens the export in a spreadsheet, which would run a cell such as =HYPERLINK(...).
// The writer therefore prefixes a field that starts with = + - @ TAB CR or ' with one ', which
// spreadsheets take as "this is text" and do not show; the reader drops one leading ' from
// every field, so export and import round-trip exactly. A hand-written CSV whose field really
// starts with ' must double it.
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

// Written first when asked (`--bom`): Excel on Japanese Windows reads UTF-8 CSV as Shift_JIS
// unless the file starts with it. The reader drops it.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts (records may span lines)
  std::vector<std::string> fields;
};

struct CsvParse {
  std::vector<CsvRecord> records;
  std::string error;  // "line N: ..." when the text is not valid CSV; records parsed so far kept
  int error_line = 0;
};

// Blank lines are skipped. Never throws: malformed input is reported in `error`.
CsvParse parseCsv(std::string_view text);

// One field as written: formula guard, then quoted if it holds , " CR or LF.
std::string csvField(std::string_view value);
// One CSV line (with "\r\n") of csvField()s.
std::string csvLine(const std::vector<std::string>& fields);

}  // namespace renkei

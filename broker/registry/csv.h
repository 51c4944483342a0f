#pragma once
// RFC 4180 CSV, as spreadsheets (Excel, LibreOffice) write it for governance lists: fields in
// double quotes may hold commas, quotes ("") and line breaks; CRLF or LF line ends; UTF-8 text
// passes through untouched (a leading UTF-8 BOM, which Excel adds, is dropped).
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

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

// One CSV line (with "\r\n"), quoting the fields that need it.
std::string csvLine(const std::vector<std::string>& fields);

}  // namespace renkei

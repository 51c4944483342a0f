#include "broker/registry/csv.h"

namespace renkei {
namespace {

bool needsFormulaGuard(std::string_view value) {
  return !value.empty() &&
         std::string_view("=+-@\t\r'").find(value.front()) != std::string_view::npos;
}

// The reader's half of the formula guard (see csv.h).
std::string withoutFormulaGuard(std::string field) {
  if (!field.empty() && field.front() == '\'') field.erase(0, 1);
  return field;
}

}  // namespace

CsvParse parseCsv(std::string_view text) {
  CsvParse out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        const int opened_at = line;
        ++i;
        for (;;) {
          if (i >= text.size()) {
            out.error = "line " + std::to_string(opened_at) +
                        ": a quoted field is never closed (missing \")";
            out.error_line = opened_at;
            return out;
          }
          const char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          out.error = "line " + std::to_string(line) +
                      ": unexpected text after a closing quote (write \"\" for a quote inside)";
          out.error_line = line;
          return out;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            out.error = "line " + std::to_string(line) +
                        ": a quote inside an unquoted field (quote the whole field)";
            out.error_line = line;
            return out;
          }
          field.push_back(text[i++]);
        }
      }
      record.fields.push_back(withoutFormulaGuard(field));
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) out.records.push_back(std::move(record));
  }
  return out;
}

std::string csvField(std::string_view value) {
  std::string text = needsFormulaGuard(value) ? "'" + std::string(value) : std::string(value);
  // A field that starts with a UTF-8 BOM is quoted: unquoted at the start of a file, the reader
  // would take the BOM for the file's encoding mark and drop it.
  const bool starts_with_bom = text.rfind("\xEF\xBB\xBF", 0) == 0;
  if (!starts_with_bom && text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (f > 0) line.push_back(',');
    line += csvField(fields[f]);
  }
  return line + "\r\n";
}

}  // namespace renkei

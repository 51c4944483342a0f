#include "broker/reports/report_format.h"

#include <cstdint>
#include <cstdio>
#include <vector>

#include "broker/registry/csv.h"
#include "broker/registry/display_width.h"

namespace renkei::reports {

namespace {

constexpr const char* kGap = "  ";

std::string headerOf(const std::string& key) {
  std::string header = key;
  for (char& c : header) {
    if (c == '_') c = ' ';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return header;
}

// A note or a data-items list may hold newlines and tabs; on a terminal they would break the grid.
std::string oneLine(std::string_view value) {
  std::string line(value);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return line;
}

std::string aligned(const std::string& text, std::size_t width, bool right) {
  if (!right) return padToWidth(text, width);
  const std::size_t used = displayWidth(text);
  return std::string(used < width ? width - used : 0, ' ') + text;
}

void printLine(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
               const ReportTable& table, std::ostream& out) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const bool last = c + 1 == cells.size();
    const bool right = table.isNumeric(c);
    line += last && !right ? cells[c] : aligned(cells[c], widths[c], right);
    if (!last) line += kGap;
  }
  // Empty trailing cells would otherwise leave trailing spaces.
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

bool isInteger(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !(text.size() > 1 && text.front() == '0');
}

// Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<uint8_t>(s[i]);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > s.size()) return 0;
  if (length == 2 && lead < 0xC2) return 0;  // overlong
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<uint8_t>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::optional<ReportFormat> parseReportFormat(std::string_view name) {
  if (name == "table") return ReportFormat::kTable;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "json") return ReportFormat::kJson;
  return std::nullopt;
}

void renderTable(const ReportTable& table, std::ostream& out) {
  std::vector<std::string> header;
  for (const auto& key : table.columns) header.push_back(headerOf(key));
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      cells.push_back(c < row.size() ? oneLine(row[c]) : "");
    }
    rows.push_back(std::move(cells));
  }
  std::vector<std::size_t> widths;
  for (const auto& h : header) widths.push_back(displayWidth(h));
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
  }
  std::vector<std::string> rule;
  for (std::size_t width : widths) rule.push_back(std::string(width, '-'));

  if (!table.title.empty()) out << table.title << "\n\n";
  printLine(header, widths, table, out);
  printLine(rule, widths, table, out);
  for (const auto& row : rows) printLine(row, widths, table, out);
  if (rows.empty()) out << "(no rows)\n";
  if (!table.notes.empty()) out << '\n';
  for (const auto& note : table.notes) out << note << '\n';
}

void renderCsv(const ReportTable& table, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out << ',';
      out << csvField(c < cells.size() ? cells[c] : "");
    }
    out << "\r\n";
  };
  line(table.columns);
  for (const auto& row : table.rows) line(row);
}

std::string jsonString(std::string_view value) {
  std::string json = "\"";
  for (std::size_t i = 0; i < value.size();) {
    const char c = value[i];
    const auto byte = static_cast<uint8_t>(c);
    if (c == '"' || c == '\\') {
      json += '\\';
      json += c;
    } else if (c == '\n') {
      json += "\\n";
    } else if (c == '\r') {
      json += "\\r";
    } else if (c == '\t') {
      json += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      json += escaped;
    } else if (byte >= 0x80) {
      const std::size_t length = utf8Length(value, i);
      if (length == 0) {
        json += "\\ufffd";  // JSON must be valid UTF-8; never pass a broken byte on
        ++i;
        continue;
      }
      const std::string_view sequence = value.substr(i, length);
      // U+2028/2029 are legal JSON but end a line in JavaScript; the web view may embed this.
      if (sequence == "\xE2\x80\xA8" || sequence == "\xE2\x80\xA9") {
        json += sequence == "\xE2\x80\xA8" ? "\\u2028" : "\\u2029";
      } else {
        json += sequence;
      }
      i += length;
      continue;
    } else {
      json += c;
    }
    ++i;
  }
  json += '"';
  return json;
}

void renderJson(const ReportTable& table, std::ostream& out) {
  out << '[';
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out << (r ? ",\n  {" : "\n  {");
    const auto& row = table.rows[r];
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const std::string value = c < row.size() ? row[c] : "";
      out << (c ? ", " : "") << jsonString(table.columns[c]) << ": ";
      if (table.isNumeric(c) && value.empty()) {
        out << "null";
      } else if (table.isNumeric(c) && isInteger(value)) {
        out << value;
      } else {
        out << jsonString(value);
      }
    }
    out << '}';
  }
  out << (table.rows.empty() ? "]\n" : "\n]\n");
}

void renderReport(const ReportTable& table, ReportFormat format, std::ostream& out) {
  switch (format) {
    case ReportFormat::kTable:
      return renderTable(table, out);
    case ReportFormat::kCsv:
      return renderCsv(table, out);
    case ReportFormat::kJson:
      return renderJson(table, out);
  }
}

}  // namespace renkei::reports

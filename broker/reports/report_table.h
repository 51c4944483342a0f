#pragma once
// A report as plain data: what the CLI renders as a terminal table, CSV or JSON, and what the
// admin web view renders as HTML. Every cell is text so the renderers stay dumb and the report
// builders alone decide what a value looks like.
#include <algorithm>
#include <string>
#include <vector>

namespace renkei::reports {

struct ReportTable {
  std::string title;
  // snake_case keys: JSON object keys and the CSV header as they are; a terminal shows them
  // upper-cased with spaces ("first_seen" -> "FIRST SEEN").
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells
  // Columns holding integers: JSON numbers (an empty cell is null), right-aligned on a terminal.
  std::vector<std::string> numeric_columns;
  // Context for a human reader (the window, "today", totals); only the terminal form shows it.
  std::vector<std::string> notes;

  bool isNumeric(std::size_t column) const {
    return column < columns.size() && std::find(numeric_columns.begin(), numeric_columns.end(),
                                                columns[column]) != numeric_columns.end();
  }
};

}  // namespace renkei::reports

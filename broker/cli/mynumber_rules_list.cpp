// renkei mynumber rules list: one version's rows as an aligned table, CSV or JSON.
#include <iostream>
#include <string>
#include <vector>

#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/cli/mynumber_rules.h"
#include "broker/cli/mynumber_rules_store.h"
#include "broker/core/json_text.h"
#include "broker/registry/csv.h"
#include "broker/registry/display_width.h"

namespace renkei::cli {
namespace {

using mynumber::PurposeRule;

// The file's attribute names, so a CSV column reads like the XML it came from.
const std::vector<std::string> kColumns = {"jimuCode",   "jimuName",  "requester",
                                           "provider",   "itemCode",  "itemName",
                                           "legalBasis", "validFrom", "validTo"};

std::vector<std::string> cellsOf(const PurposeRule& r) {
  return {r.jimu_code, r.jimu_name,   r.requester,  r.provider, r.item_code,
          r.item_name, r.legal_basis, r.valid_from, r.valid_to};
}

void printTable(const std::vector<PurposeRule>& rows) {
  std::vector<std::vector<std::string>> cells = {kColumns};
  for (const auto& r : rows) cells.push_back(cellsOf(r));
  std::vector<std::size_t> widths(kColumns.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], displayWidth(line[i].empty() ? "-" : line[i]));
    }
  }
  for (const auto& line : cells) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const std::string cell = line[i].empty() ? "-" : line[i];
      out += i + 1 < line.size() ? padToWidth(cell, widths[i]) + "  " : cell;
    }
    std::cout << out << "\n";
  }
}

void printJson(const std::vector<PurposeRule>& rows, int64_t version) {
  std::cout << "{\"version\":" << version << ",\"rules\":[";
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const auto cells = cellsOf(rows[n]);
    std::cout << (n ? "," : "") << "{";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::cout << (i ? "," : "") << jsonString(kColumns[i]) << ":" << jsonString(cells[i]);
    }
    std::cout << "}";
  }
  std::cout << "]}\n";
}

}  // namespace

int runRulesList(const CliArgs& args) {
  const std::string format = args.get("--format").value_or("table");
  if (format != "table" && format != "csv" && format != "json") {
    return myNumberUsage("--format must be table, csv or json, not '" + format + "'");
  }
  std::optional<int64_t> version;
  if (const auto given = args.get("--version")) {
    try {
      std::size_t used = 0;
      version = std::stoll(*given, &used);
      if (used != given->size() || *version <= 0) throw std::invalid_argument(*given);
    } catch (const std::exception&) {
      return myNumberUsage("--version must be a positive number, not '" + *given + "'");
    }
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  return withRulesStore(*config, [&](mynumber::PurposeRulesStore& store) {
    const auto rules = version ? store.atVersion(*version) : store.current();
    if (!rules) {
      std::cerr << "renkei: "
                << (version ? "no purpose rules version " + std::to_string(*version)
                            : std::string("no purpose rules loaded yet (`renkei mynumber rules "
                                          "load FILE --actor NAME`)"))
                << "\n";
      return kExitRefused;
    }
    std::vector<PurposeRule> rows;
    const auto jimu = args.get("--jimu");
    for (const auto& r : rules->rules()) {
      if (!jimu || r.jimu_code == *jimu) rows.push_back(r);
    }
    if (format == "json") {
      printJson(rows, rules->version());
    } else if (format == "csv") {
      std::cout << csvLine(kColumns);
      for (const auto& r : rows) std::cout << csvLine(cellsOf(r));
    } else {
      printTable(rows);
      std::cout << rows.size() << " rule(s) of version " << rules->version() << "\n";
    }
    return 0;
  });
}

}  // namespace renkei::cli

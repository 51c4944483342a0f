// renkei mynumber fukuhon: the gateway's 副本 (what this municipality provides through the
// network, adapters/mynumber/fukuhon_store.h) by person and/or item. The 提供情報 themselves are
// 特定個人情報: shown only with --values, so a listing run to check versions and batches does
// not put them on a screen or into a file. The 符号 is never shown. --history adds, after each
// row, the earlier versions a refresh replaced (with when), newest first.
#include <iostream>

#include "adapters/mynumber/gateway_store_factory.h"
#include "broker/cli/commands.h"
#include "broker/cli/json_text.h"
#include "broker/registry/csv.h"

namespace renkei::cli {
namespace {

using mynumber::Fukuhon;

std::string valuesText(const Fukuhon& row) {
  std::string text;
  for (const auto& [name, value] : row.values)
    text += (text.empty() ? "" : "; ") + name + "=" + value;
  return text;
}

void printTable(const std::vector<Fukuhon>& rows, bool values) {
  std::cout << "副本: " << rows.size() << " row(s)\n";
  for (const Fukuhon& r : rows) {
    std::cout << "\n"
              << r.atena_no << "  " << r.item << "  version " << r.version
              << (r.replaced_at.empty() ? "" : " (以前の版)") << "\n"
              << "  更新日時    " << r.updated_at << "\n";
    if (!r.replaced_at.empty()) std::cout << "  置換日時    " << r.replaced_at << "\n";
    std::cout << "  バッチ      " << r.batch_id << "\n"
              << "  不開示コード " << (r.fukaiji_code.empty() ? "-" : r.fukaiji_code) << "\n";
    if (values) {
      std::cout << "  提供情報    " << (r.values.empty() ? "-" : valuesText(r)) << "\n";
    } else {
      std::cout << "  提供情報    " << r.values.size() << " 項目 (--values to show them)\n";
    }
  }
}

void printCsv(const std::vector<Fukuhon>& rows, bool values, bool history) {
  std::vector<std::string> header = {"atena_no", "item",         "version",    "updated_at",
                                     "batch_id", "fukaiji_code", "value_count"};
  if (history) header.push_back("replaced_at");
  if (values) header.push_back("values");
  std::cout << csvLine(header);
  for (const Fukuhon& r : rows) {
    std::vector<std::string> line = {
        r.atena_no, r.item,         std::to_string(r.version),      r.updated_at,
        r.batch_id, r.fukaiji_code, std::to_string(r.values.size())};
    if (history) line.push_back(r.replaced_at);
    if (values) line.push_back(valuesText(r));
    std::cout << csvLine(line);
  }
}

void printJson(const std::vector<Fukuhon>& rows, bool values, bool history) {
  std::cout << "[";
  bool first = true;
  for (const Fukuhon& r : rows) {
    std::cout << (first ? "\n" : ",\n") << "  {\"atena_no\": " << jsonString(r.atena_no)
              << ", \"item\": " << jsonString(r.item) << ", \"version\": " << r.version
              << ", \"updated_at\": " << jsonString(r.updated_at)
              << ", \"batch_id\": " << jsonString(r.batch_id)
              << ", \"fukaiji_code\": " << jsonString(r.fukaiji_code)
              << ", \"value_count\": " << r.values.size();
    if (history) std::cout << ", \"replaced_at\": " << jsonString(r.replaced_at);
    if (values) {
      std::cout << ", \"values\": [";
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        std::cout << (i == 0 ? "" : ", ") << "{\"name\": " << jsonString(r.values[i].first)
                  << ", \"value\": " << jsonString(r.values[i].second) << "}";
      }
      std::cout << "]";
    }
    std::cout << "}";
    first = false;
  }
  std::cout << (first ? "]\n" : "\n]\n");
}

}  // namespace

int runMyNumberFukuhon(const CliArgs& args) {
  const auto db = existingGatewayDb(args, "mynumber fukuhon");
  if (!db) return 2;
  const std::string person = args.get("--person").value_or("");
  const std::string item = args.get("--item").value_or("");
  if (person.empty() && item.empty()) {
    std::cerr << "renkei mynumber fukuhon: give --person 宛名番号 and/or --item CODE\n";
    return 2;
  }
  if (!person.empty() &&
      (person.size() != 15 || person.find_first_not_of("0123456789") != std::string::npos)) {
    std::cerr << "renkei mynumber fukuhon: --person needs the person's 宛名番号 (15 digits), not '"
              << person << "'\n";
    return 2;
  }
  const std::string format = args.get("--format").value_or("table");
  if (format != "table" && format != "csv" && format != "json") {
    std::cerr << "renkei mynumber fukuhon: --format must be table, csv or json, not '" << format
              << "'\n";
    return 2;
  }
  const bool values = args.has("--values");
  const bool history = args.has("--history");
  try {
    const auto store = mynumber::openFukuhonStore(*db);
    const std::vector<Fukuhon> rows =
        history ? store->listWithHistory(person, item) : store->list(person, item);
    if (format == "csv") {
      printCsv(rows, values, history);
    } else if (format == "json") {
      printJson(rows, values, history);
    } else {
      printTable(rows, values);
    }
  } catch (const std::exception& e) {
    std::cerr << "renkei mynumber fukuhon: " << mynumber::describeGatewayDb(*db) << ": " << e.what()
              << "\n";
    return 1;
  }
  return 0;
}

}  // namespace renkei::cli

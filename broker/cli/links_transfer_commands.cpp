// renkei links export / import: the registry as CSV or as a <links> XML document, for
// spreadsheets, reviews and moving links between stores. Import only ever proposes: a link
// that arrives in a file carries no traffic until someone approves and activates it.
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/cli/output_file.h"
#include "broker/config/links_document.h"
#include "broker/registry/csv.h"
#include "broker/registry/link_csv.h"
#include "broker/registry/link_rules.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

struct ImportRow {
  int line = 0;
  Link link;
  std::string field;
  std::string error;
};

std::string keyOf(const Link& l) {
  return l.sender + '\x1f' + l.receiver + '\x1f' + l.service_name + '\x1f' + l.service_version +
         '\x1f' + l.purpose_code;
}

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Rows of either format, or a file-level error already printed.
std::optional<std::vector<ImportRow>> readImportRows(const std::string& file,
                                                     const std::string& format,
                                                     const std::string& bytes) {
  std::vector<ImportRow> rows;
  if (format == "csv") {
    LinkCsvRead csv = readLinkCsv(bytes);
    if (!csv.error.empty()) {
      std::cerr << "renkei: " << file << ":" << csv.error_line << ": "
                << csv.error.substr(csv.error.find(": ") + 2) << "\n";
      return std::nullopt;
    }
    for (auto& row : csv.rows) rows.push_back({row.line, row.link, row.field, row.error});
    return rows;
  }
  try {
    for (auto& entry : readLinksDocument(bytes, file))
      rows.push_back({entry.line, entry.link, "", ""});
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return std::nullopt;
  }
  return rows;
}

}  // namespace

int runLinksExport(const CliArgs& args) {
  const std::string format = args.get("--format").value_or("csv");
  if (format != "csv" && format != "xml") return usageError("--format must be csv or xml");
  if (args.has("--bom") && format != "csv") return usageError("--bom is for CSV only");
  if (args.words.size() != 2) return usageError("`renkei links export` takes no positional words");
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    const RegistrySnapshot snapshot = store->loadRegistry();
    std::string text =
        format == "csv" ? writeLinkCsv(snapshot.links) : writeLinksDocument(snapshot.links);
    if (args.has("--bom")) text.insert(0, kUtf8Bom);
    if (auto output = args.get("--output")) {
      if (!writeFileAtomically(*output, text, "renkei")) return kExitRefused;
      std::cout << "exported " << snapshot.links.size() << " links to " << *output << "\n";
    } else {
      std::cout << text;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

int runLinksImport(const CliArgs& args) {
  if (args.words.size() != 3) return usageError("`renkei links import` needs one FILE");
  const std::string file = args.words[2];
  std::string format = args.get("--format").value_or("");
  if (format.empty()) format = endsWith(file, ".xml") ? "xml" : "csv";
  if (format != "csv" && format != "xml") return usageError("--format must be csv or xml");
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "renkei: " << file << ": cannot open the file\n";
    return kExitRefused;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  auto rows = readImportRows(file, format, bytes.str());
  if (!rows) return kExitRefused;

  try {
    auto store = openStore(*config);
    const RegistrySnapshot registry = registryForChanges(*store, *config);
    std::set<std::string> existing;
    for (const Link& l : registry.links) existing.insert(keyOf(l));
    const std::string actor = actorOf(args);
    const std::string reason = args.get("--reason").value_or("");
    int created = 0, skipped = 0, errors = 0;
    for (ImportRow& row : *rows) {
      const std::string where = file + ":" + std::to_string(row.line) + ": ";
      row.link.status = LinkStatus::kProposed;
      row.link.approver.clear();
      if (row.error.empty()) {
        if (auto violation = checkLinkRules(row.link, registry)) {
          row.field = violation->field;
          row.error = violation->message;
        }
      }
      if (!row.error.empty()) {
        ++errors;
        std::cout << where << "error: " << (row.field.empty() ? "" : "field " + row.field + " ")
                  << row.error << "\n";
        continue;
      }
      if (!existing.insert(keyOf(row.link)).second) {
        ++skipped;
        std::cout << where << "skipped (duplicate): " << row.link.sender << " -> "
                  << row.link.receiver << " " << row.link.service_name << ":"
                  << row.link.service_version << " purpose " << row.link.purpose_code
                  << " is already registered\n";
        continue;
      }
      const std::string why = "imported from " + file + " line " + std::to_string(row.line) +
                              (reason.empty() ? "" : ": " + reason);
      try {
        const Link link = store->createLink(row.link, {actor, why, ""});
        ++created;
        std::cout << where << "created " << linkSummary(link) << " as proposed\n";
      } catch (const StoreError& e) {
        ++errors;
        std::cout << where << "error: " << e.what() << "\n";
      }
    }
    std::cout << created << " created, " << skipped << " skipped (duplicate), " << errors
              << " errors; new links are proposed and carry no traffic until approved and "
                 "activated\n";
    return errors == 0 ? 0 : kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli

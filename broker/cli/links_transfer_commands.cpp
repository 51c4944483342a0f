// renkei links export / import: the registry as CSV or as a <links> XML document, for
// spreadsheets, reviews and moving links between stores. Import only ever proposes: a link
// that arrives in a file carries no traffic until someone approves and activates it.
#include <cctype>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "broker/audit/admin_audit.h"
#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/cli/output_file.h"
#include "broker/config/links_document.h"
#include "broker/registry/csv.h"
#include "broker/registry/link_csv.h"
#include "broker/registry/link_rules.h"
#include "broker/registry/text_encoding.h"
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

std::string hexByte(char c) {
  static const char kDigits[] = "0123456789ABCDEF";
  const auto b = static_cast<unsigned char>(c);
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

// --encoding: "utf-8" (the default) or "cp932"; empty when the name is not one of them.
std::string encodingOption(const CliArgs& args) {
  std::string name = args.get("--encoding").value_or("utf-8");
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "utf-8" || name == "utf8") return "utf-8";
  // Shift_JIS as Windows writes it is CP932 (also called Windows-31J); Excel means that.
  if (name == "cp932" || name == "windows-31j" || name == "shift_jis" || name == "sjis") {
    return "cp932";
  }
  return "";
}

// The encoding an XML declaration names ("" when it names none), lower case.
std::string declaredXmlEncoding(const std::string& bytes) {
  if (bytes.rfind("<?xml", 0) != 0) return "";
  const size_t end = bytes.find("?>");
  const size_t at = bytes.find("encoding", 0);
  if (end == std::string::npos || at == std::string::npos || at > end) return "";
  const size_t quote = bytes.find_first_of("\"'", at);
  if (quote == std::string::npos || quote > end) return "";
  const size_t close = bytes.find(bytes[quote], quote + 1);
  if (close == std::string::npos || close > end) return "";
  std::string name = bytes.substr(quote + 1, close - quote - 1);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// The file as UTF-8 text, or nullopt after printing one line saying why not. A leading UTF-8
// BOM (Excel's "CSV UTF-8") means UTF-8 whatever --encoding says.
std::optional<std::string> importText(const std::string& file, const std::string& format,
                                      const std::string& encoding, std::string bytes) {
  if (bytes.rfind(kUtf8Bom, 0) == 0) {
    bytes.erase(0, kUtf8Bom.size());
  } else if (encoding == "cp932") {
    Cp932Decoded decoded = decodeCp932(bytes);
    if (decoded.error) {
      std::cerr << "renkei: " << file << ":" << decoded.error->line << ": byte offset "
                << decoded.error->offset << " (" << hexByte(bytes[decoded.error->offset])
                << ") is not CP932 (Shift_JIS) text; is the file UTF-8? then leave out "
                   "--encoding\n";
      return std::nullopt;
    }
    return std::move(decoded.utf8);
  }
  // An XML document that declares another encoding is read by the XML parser in that encoding.
  if (format == "xml") {
    const std::string declared = declaredXmlEncoding(bytes);
    if (!declared.empty() && declared != "utf-8" && declared != "utf8") return bytes;
  }
  if (const auto bad = findInvalidUtf8(bytes)) {
    std::cerr << "renkei: " << file << ":" << bad->line << ": not UTF-8 text (byte offset "
              << bad->offset << ", " << hexByte(bytes[bad->offset]) << "); "
              << (format == "csv" ? "if Excel saved it (Shift_JIS), import it with --encoding cp932"
                                  : "save it as UTF-8 or name its encoding in <?xml ... "
                                    "encoding=\"...\"?>")
              << "\n";
    return std::nullopt;
  }
  return bytes;
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

// One line per field CP932 cannot carry; returns how many.
int reportUnencodable(const std::vector<Link>& links) {
  const auto& header = linkCsvHeader();
  int lost = 0;
  for (size_t row = 0; row < links.size(); ++row) {
    const std::vector<std::string> fields = linkCsvFields(links[row]);
    for (size_t c = 0; c < fields.size(); ++c) {
      std::string ignored;
      const auto bad = encodeCp932(fields[c], &ignored);
      if (!bad) continue;
      ++lost;
      std::cerr << "row " << row + 1 << " (link " << links[row].id << "), field " << header[c]
                << ": ";
      if (bad->invalid_utf8) {
        std::cerr << "not UTF-8 text at byte " << bad->offset << "\n";
      } else if (bad->becomes) {
        std::cerr << codePointLabel(bad->code_point) << " " << utf8Of(bad->code_point)
                  << " would become " << codePointLabel(*bad->becomes) << " "
                  << utf8Of(*bad->becomes) << " in CP932\n";
      } else {
        std::cerr << codePointLabel(bad->code_point) << " " << utf8Of(bad->code_point)
                  << " has no CP932 code\n";
      }
    }
  }
  return lost;
}

}  // namespace

int runLinksExport(const CliArgs& args) {
  const std::string format = args.get("--format").value_or("csv");
  if (format != "csv" && format != "xml") return usageError("--format must be csv or xml");
  if (args.has("--bom") && format != "csv") return usageError("--bom is for CSV only");
  if (args.words.size() != 2) return usageError("`renkei links export` takes no positional words");
  const std::string encoding = encodingOption(args);
  if (encoding.empty()) return usageError("--encoding must be utf-8 or cp932");
  if (encoding == "cp932" && format != "csv") return usageError("--encoding cp932 is for CSV only");
  if (encoding == "cp932" && args.has("--bom")) {
    return usageError("--bom marks UTF-8; a CP932 file has none");
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    const RegistrySnapshot snapshot = store->loadRegistry();
    std::string text =
        format == "csv" ? writeLinkCsv(snapshot.links) : writeLinksDocument(snapshot.links);
    if (args.has("--bom")) text.insert(0, kUtf8Bom);
    if (encoding == "cp932") {
      // Every character CP932 cannot carry unchanged, per row, before anything is written.
      const int lost = reportUnencodable(snapshot.links);
      if (lost > 0) {
        std::cerr << "renkei: export refused: " << lost << " field" << (lost == 1 ? "" : "s")
                  << " cannot be written in CP932 unchanged (listed above); nothing was "
                     "written. Change them, or export UTF-8 (--bom for Excel)\n";
        return kExitRefused;
      }
      std::string cp932;
      if (encodeCp932(text, &cp932)) throw std::runtime_error("CP932 encoding failed");
      text = std::move(cp932);
    }
    // The export is recorded before a byte leaves: the registry copied out is accounted for.
    std::vector<AuditRecord> record{
        registryReadRecord({"exported", actorOf(args), "",
                            "links export --format " + format + " --encoding " + encoding + ": " +
                                std::to_string(snapshot.links.size()) + " links to " +
                                args.get("--output").value_or("standard output")})};
    store->appendAudit(record);
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
  const std::string encoding = encodingOption(args);
  if (encoding.empty()) return usageError("--encoding must be utf-8 or cp932");
  if (encoding == "cp932" && format != "csv") {
    return usageError("--encoding is for CSV; an XML file names its encoding in <?xml ...?>");
  }
  const bool dry_run = args.has("--dry-run");
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "renkei: " << file << ": cannot open the file\n";
    return kExitRefused;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  const auto text = importText(file, format, encoding, bytes.str());
  if (!text) return kExitRefused;
  auto rows = readImportRows(file, format, *text);
  if (!rows) return kExitRefused;

  try {
    auto store = openStore(*config);
    // A dry run reads the store and writes nothing, not even the configuration's units.
    const RegistrySnapshot registry =
        dry_run ? registryPreview(*store, *config) : registryForChanges(*store, *config);
    std::set<std::string> existing;
    for (const Link& l : registry.links) existing.insert(keyOf(l));
    const std::string actor = dry_run ? actorOf(args) : linkChangeActor(args, *store, "import");
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
      if (dry_run) {
        ++created;
        std::cout << where << "would create " << row.link.sender << " -> " << row.link.receiver
                  << " " << row.link.service_name << ":" << row.link.service_version << " purpose "
                  << row.link.purpose_code << " as proposed\n";
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
    if (dry_run) {
      std::cout << "dry run: " << created << " would be created, " << skipped
                << " skipped (duplicate), " << errors << " errors; nothing was written\n";
    } else {
      std::cout << created << " created, " << skipped << " skipped (duplicate), " << errors
                << " errors; new links are proposed and carry no traffic until approved and "
                   "activated\n";
    }
    return errors == 0 ? 0 : kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli

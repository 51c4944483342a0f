// renkei archive keygen | list: making the archive's key and finding what was kept. Listing
// needs no key: it reads the records' identifiers, which are in clear.
#include <iomanip>
#include <iostream>

#include "broker/archive/archive_day.h"
#include "broker/archive/archive_key.h"
#include "broker/archive/archive_reader.h"
#include "broker/cli/commands.h"
#include "broker/cli/or_dash.h"

namespace renkei::cli {
std::optional<std::string> archiveDirFor(const BrokerConfig& config) {
  if (config.archive_dir.empty()) {
    std::cerr << "renkei archive: " << config.source_file
              << " has no <archive> element: this broker keeps no message bodies\n";
    return std::nullopt;
  }
  return config.archive_dir;
}

int runArchiveKeygen(const CliArgs& args) {
  const auto out = args.get("--out");
  if (!out || out->empty()) {
    std::cerr << "renkei archive keygen: --out FILE is required\n";
    return 2;
  }
  try {
    const std::string id = archive::generateArchiveKey(*out);
    std::cout << "wrote " << *out << " (AES-256 key, mode 0600; key id " << id << ")\n"
              << "use it with <archive dir=\"archive\" keyFile=\"" << *out << "\"/>, and keep a "
              << "copy apart from the archive: without it no record can be read\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

int runArchiveList(const CliArgs& args) {
  const std::string date = args.get("--date").value_or("");
  if (!date.empty() && !archive::isArchiveDate(date)) {
    std::cerr << "renkei archive list: --date takes YYYY-MM-DD (a JST day), not '" << date << "'\n";
    return 2;
  }
  auto config = loadConfigFor(args);
  if (!config) return 2;
  const auto dir = archiveDirFor(*config);
  if (!dir) return 2;
  int64_t records = 0;
  int64_t unreadable = 0;
  try {
    std::cout << std::left << std::setw(14) << "RECORD"
              << "  " << std::setw(24) << "TIME (UTC)"
              << "  " << std::setw(36) << "MESSAGE ID"
              << "  " << std::setw(18) << "SENDER"
              << "  " << std::setw(18) << "RECEIVER"
              << "  " << std::setw(22) << "SERVICE"
              << "  " << std::setw(8) << "OUTCOME"
              << "  REQUEST  RESPONSE\n";
    for (const std::string& file : archive::archiveFiles(*dir, date)) {
      archive::forEachArchiveLine(file, [&](const archive::ArchiveLine& line) {
        if (!line.record) {
          ++unreadable;
          std::cerr << "renkei archive: record " << line.number << " of " << line.path
                    << " is unreadable (" << line.error << ")\n";
          return true;
        }
        const archive::ArchiveMeta& m = line.record->meta;
        ++records;
        std::cout << std::setw(14) << line.reference() << "  " << std::setw(24) << m.time << "  "
                  << std::setw(36) << orDash(m.message_id) << "  " << std::setw(18)
                  << orDash(m.sender) << "  " << std::setw(18) << orDash(m.receiver) << "  "
                  << std::setw(22) << orDash(m.service) << "  " << std::setw(8) << m.outcome << "  "
                  << std::right << std::setw(7) << m.request_bytes << "  " << std::setw(8)
                  << m.response_bytes << std::left << "\n";
        return true;
      });
    }
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
  std::cout << records << " record(s)" << (date.empty() ? "" : " on " + date) << " in " << *dir
            << "\n";
  // A torn line after a crash is expected to be rare and must not pass unnoticed in a script.
  return unreadable == 0 ? 0 : 1;
}

}  // namespace renkei::cli

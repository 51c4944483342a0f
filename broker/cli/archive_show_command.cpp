// renkei archive show: one exchange's bodies, decrypted. A record that does not authenticate
// under the key (a wrong key, any changed byte) is an error naming the record, never printed.
#include <iostream>
#include <vector>

#include "broker/archive/archive_cipher.h"
#include "broker/archive/archive_day.h"
#include "broker/archive/archive_reader.h"
#include "broker/cli/commands.h"

namespace renkei::cli {
namespace {

void printRecord(const archive::ArchiveLine& line, const archive::OpenedRecord& bodies) {
  const archive::ArchiveMeta& m = line.record->meta;
  std::cout << "record     " << line.reference() << " (line " << line.number << " of " << line.path
            << ")\n"
            << "time       " << m.time << "\n"
            << "message id " << m.message_id << "\n"
            << "sender     " << m.sender << "\n"
            << "receiver   " << m.receiver << "\n"
            << "service    " << m.service << "\n"
            << "outcome    " << m.outcome << (m.fault_code.empty() ? "" : " " + m.fault_code)
            << "\n"
            << "instance   " << m.instance_id << "\n"
            << "key id     " << m.key_id << "\n"
            << "--- request (" << m.request_bytes << " bytes) ---\n"
            << bodies.request
            << (bodies.request.empty() || bodies.request.back() == '\n' ? "" : "\n")
            << "--- response (" << m.response_bytes << " bytes) ---\n"
            << bodies.response
            << (bodies.response.empty() || bodies.response.back() == '\n' ? "" : "\n");
}

}  // namespace

int runArchiveShow(const CliArgs& args) {
  if (args.words.size() != 3) {
    std::cerr << "renkei archive show: give one MESSAGE_ID (or a record as `list` prints it, "
                 "e.g. 2026-12-01:7)\n";
    return 2;
  }
  const std::string wanted = args.words[2];
  const std::string part = args.get("--part").value_or("");
  if (!part.empty() && part != "request" && part != "response") {
    std::cerr << "renkei archive show: --part takes request or response\n";
    return 2;
  }
  std::string date = args.get("--date").value_or("");
  if (!date.empty() && !archive::isArchiveDate(date)) {
    std::cerr << "renkei archive show: --date takes YYYY-MM-DD (a JST day)\n";
    return 2;
  }
  const auto reference = archive::parseArchiveReference(wanted);
  if (reference) date = reference->date;
  auto config = loadConfigFor(args);
  if (!config) return 2;
  const auto dir = archiveDirFor(*config);
  if (!dir) return 2;
  try {
    const std::string key_file = args.get("--key").value_or(config->archive_key);
    const archive::ArchiveKey key = archive::ArchiveKey::fromFile(key_file);
    std::vector<archive::ArchiveLine> found;
    for (const std::string& file : archive::archiveFiles(*dir, date)) {
      archive::forEachArchiveLine(file, [&](const archive::ArchiveLine& line) {
        const bool match = reference ? line.number == reference->number
                                     : line.record && line.record->meta.message_id == wanted;
        if (match) found.push_back(line);
        return !(reference && match);
      });
    }
    if (found.empty()) {
      std::cerr << "renkei archive show: no archived record "
                << (reference ? "" : "with message id ") << wanted
                << (date.empty() ? "" : " on " + date) << " in " << *dir << "\n";
      return 1;
    }
    if (!part.empty() && found.size() > 1) {
      std::cerr << "renkei archive show: " << found.size() << " records carry message id " << wanted
                << " (";
      for (size_t i = 0; i < found.size(); ++i) {
        std::cerr << (i ? ", " : "") << found[i].reference();
      }
      std::cerr << "); --part needs one: name it as DATE:LINE\n";
      return 1;
    }
    for (size_t i = 0; i < found.size(); ++i) {
      const archive::ArchiveLine& line = found[i];
      if (!line.record) {
        std::cerr << "renkei archive show: record " << line.number << " of " << line.path
                  << " is unreadable (" << line.error << ")\n";
        return 1;
      }
      const auto bodies = archive::unseal(key, *line.record);
      if (!bodies) {
        std::cerr << "renkei archive show: record " << line.number << " of " << line.path
                  << " fails authentication";
        if (line.record->meta.key_id != key.keyId()) {
          std::cerr << " (it was sealed with key id " << line.record->meta.key_id << "; "
                    << key_file << " is key id " << key.keyId() << ")";
        } else {
          std::cerr << ": it was altered after it was written (metadata, nonce, ciphertext or tag)";
        }
        std::cerr << "\n";
        return 1;
      }
      if (part == "request") {
        std::cout << bodies->request;
      } else if (part == "response") {
        std::cout << bodies->response;
      } else {
        if (i > 0) std::cout << "\n";
        printRecord(line, *bodies);
      }
    }
    std::cout.flush();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli

#pragma once
// Reads archive files back for `renkei archive list` and `show`. Needs no key: the metadata is
// in clear; opening a record's bodies is archive_cipher's unseal().
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/archive/archive_record.h"

namespace renkei::archive {

struct ArchiveLine {
  std::string path;    // the file
  std::string date;    // its JST date, from the file name
  int64_t number = 0;  // 1-based line number: "record N of FILE"
  std::optional<SealedRecord> record;
  std::string error;  // why the line is not a record (a torn write, an edit)

  // "2026-12-01:7": names one record across the archive, as `list` prints it and `show` takes.
  std::string reference() const { return date + ":" + std::to_string(number); }
};

// The day files in `dir`, oldest first; with `date`, only that day's (none when it is absent).
// Throws std::runtime_error naming `dir` when it cannot be read.
std::vector<std::string> archiveFiles(const std::string& dir, const std::string& date = "");

// Calls `visit` with each non-empty line of `path`, in order, until it returns false.
// Throws std::runtime_error naming `path` when the file cannot be read.
void forEachArchiveLine(const std::string& path,
                        const std::function<bool(const ArchiveLine&)>& visit);

// A reference as `list` prints it, split into date and line number; nullopt when `text` is not
// one (e.g. a message id).
struct ArchiveReference {
  std::string date;
  int64_t number = 0;
};
std::optional<ArchiveReference> parseArchiveReference(const std::string& text);

}  // namespace renkei::archive

#pragma once
// The archive on disk: sealed records appended to one file per JST day under a directory.
//
// Hot path: the bodies are sealed on the calling worker (AES-GCM runs in parallel across
// workers), then the line is appended with one write(2) under a mutex, to a file kept open with
// O_APPEND and reopened only when the day changes.
//
// Durability: write-through without fsync. When keep() returns, the record is in the kernel's
// page cache: a broker crash (even kill -9) loses nothing, a power loss or kernel crash can lose
// the records of the last seconds of writeback. An fsync per exchange would add a disk flush to
// every exchange for a copy the audit trail does not depend on (the trail is durable per
// exchange and keeps both bodies' SHA-256, so a lost archive record is visible as missing).
//
// Failures: an exchange is never refused or delayed because its record could not be archived.
// The first failure of each kind (sealing, opening the day's file, writing) is logged; later
// ones are counted, and when a record is written again the log says how many were lost.
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <stdexcept>
#include <string>

#include "broker/archive/archive_key.h"
#include "broker/core/exchange_archive.h"

namespace renkei::archive {

// The archive directory cannot be used at start; the text names the path.
class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FileArchive : public ExchangeArchive {
 public:
  // Creates `dir` (mode 0700) when missing and opens today's file, so a directory the broker
  // cannot write stops the start instead of losing the first exchange. Throws ArchiveError.
  // `log` (stderr in the broker) gets one line per failure kind and one when writing resumes.
  FileArchive(std::string dir, ArchiveKey key, std::string instance_id, std::ostream& log);
  ~FileArchive() override;
  FileArchive(const FileArchive&) = delete;
  FileArchive& operator=(const FileArchive&) = delete;

  void keep(ArchiveMeta meta, std::string_view request,
            std::string_view response) noexcept override;

  uint64_t recordsWritten() const { return written_.load(); }
  uint64_t recordsLost() const { return lost_.load(); }  // since start

 private:
  enum class Failure { kSeal = 0, kOpen = 1, kWrite = 2 };
  static constexpr int kFailureKinds = 3;

  // Both with mutex_ held.
  bool openDay(const std::string& date, std::string& problem);
  bool append(const std::string& date, const std::string& line, Failure& kind,
              std::string& problem);
  void closeFile();
  void lost(Failure kind, const std::string& problem);
  void recovered();

  const std::string dir_;
  const ArchiveKey key_;
  const std::string instance_id_;
  std::ostream& log_;

  std::mutex mutex_;
  int fd_ = -1;
  std::string fd_date_;  // the JST date of the open file
  bool reported_[kFailureKinds] = {};
  uint64_t lost_since_report_ = 0;
  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> lost_{0};
};

}  // namespace renkei::archive

#pragma once
// The outbound file, rotated by record count or age, and never visible half-written: records
// are appended (and fsynced before the sender is answered) to a hidden ".PREFIX.partial" in the
// output directory; at rotation it is renamed, in one step, to "PREFIX-YYYYMMDDTHHMMSSZ-N.dat".
// A reader that only takes names without a leading dot sees whole files or nothing. After a
// restart the partial file is continued, so acknowledged records are never lost.
#include <chrono>
#include <cstddef>
#include <string>

namespace renkei::file {

struct RotationPolicy {
  size_t max_records = 1000;    // rotate after this many records
  long max_age_seconds = 3600;  // ... or when the oldest record waited this long (0: never)
};

class RotatingFile {
 public:
  RotatingFile(std::string dir, std::string prefix, size_t record_bytes, RotationPolicy policy);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Appends one record (with its separator) durably, then rotates if the count is reached.
  void append(const std::string& bytes);
  // Rotates when the oldest record is older than the policy allows; call now and then.
  void rotateIfDue();
  // Publishes the partial file now (if it holds any record); returns the published path or "".
  std::string rotate();
  size_t pending() const { return records_; }

 private:
  void open();

  std::string dir_;
  std::string prefix_;
  std::string partial_;
  size_t record_bytes_;
  RotationPolicy policy_;
  int fd_ = -1;
  size_t records_ = 0;
  size_t sequence_ = 0;
  std::chrono::system_clock::time_point first_at_;
};

}  // namespace renkei::file

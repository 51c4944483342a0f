#include "adapters/file/rotating_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace renkei::file {
namespace {

[[noreturn]] void failErrno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

void syncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

}  // namespace

RotatingFile::RotatingFile(std::string dir, std::string prefix, size_t record_bytes,
                           RotationPolicy policy)
    : dir_(std::move(dir)),
      prefix_(std::move(prefix)),
      partial_(dir_ + "/." + prefix_ + ".partial"),
      record_bytes_(record_bytes),
      policy_(policy) {
  std::filesystem::create_directories(dir_);
  open();
}

RotatingFile::~RotatingFile() {
  if (fd_ >= 0) close(fd_);
}

void RotatingFile::open() {
  fd_ = ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) failErrno(partial_);
  struct stat st {};
  fstat(fd_, &st);
  // A partial file left by a crash: keep its whole records, drop a torn last one (it was never
  // acknowledged: the answer goes out only after fsync).
  const auto whole = static_cast<off_t>(st.st_size / record_bytes_ * record_bytes_);
  if (whole != st.st_size && ftruncate(fd_, whole) != 0) failErrno(partial_);
  records_ = static_cast<size_t>(whole) / record_bytes_;
  first_at_ = records_ > 0 ? std::chrono::system_clock::from_time_t(st.st_mtime)
                           : std::chrono::system_clock::time_point{};
}

void RotatingFile::append(const std::string& bytes) {
  if (records_ == 0) first_at_ = std::chrono::system_clock::now();
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      failErrno(partial_);
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd_) != 0) failErrno(partial_);
  ++records_;
  if (policy_.max_records > 0 && records_ >= policy_.max_records) rotate();
}

void RotatingFile::rotateIfDue() {
  if (records_ == 0 || policy_.max_age_seconds <= 0) return;
  if (std::chrono::system_clock::now() - first_at_ >=
      std::chrono::seconds(policy_.max_age_seconds)) {
    rotate();
  }
}

std::string RotatingFile::rotate() {
  if (records_ == 0) return "";
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::string target;
  do {
    target = dir_ + "/" + prefix_ + "-" + stamp + "-" + std::to_string(++sequence_) + ".dat";
  } while (std::filesystem::exists(target));
  close(fd_);
  fd_ = -1;
  if (std::rename(partial_.c_str(), target.c_str()) != 0) failErrno("renaming " + partial_);
  syncDirectory(dir_);
  open();
  return target;
}

}  // namespace renkei::file

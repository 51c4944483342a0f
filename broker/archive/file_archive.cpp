#include "broker/archive/file_archive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ostream>
#include <system_error>

#include "broker/archive/archive_cipher.h"
#include "broker/archive/archive_day.h"
#include "broker/archive/archive_line.h"
#include "broker/core/japan_date.h"
#include "broker/core/my_number.h"

namespace renkei::archive {
namespace {

std::string errnoText(int error) { return std::system_category().message(error); }

const char* failureName(int kind) {
  static const char* const kNames[] = {"cannot seal a record", "cannot open the day's file",
                                       "cannot write a record"};
  return kNames[kind];
}

}  // namespace

FileArchive::FileArchive(std::string dir, ArchiveKey key, std::string instance_id,
                         std::ostream& log)
    : dir_(std::move(dir)), key_(std::move(key)), instance_id_(std::move(instance_id)), log_(log) {
  // Only the broker's user may list which exchanges were kept; mkdir's mode applies only when
  // the directory is new, an operator's own choice for an existing one is left alone.
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    throw ArchiveError(dir_ + ": cannot create the archive directory (" + errnoText(errno) + ")");
  }
  struct stat st {};
  if (::stat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw ArchiveError(dir_ + ": the archive directory is not a directory");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::string problem;
  if (!openDay(jstDateToday(), problem)) throw ArchiveError(problem);
}

FileArchive::~FileArchive() {
  std::lock_guard<std::mutex> lock(mutex_);
  closeFile();
}

void FileArchive::keep(ArchiveMeta meta, std::string_view request,
                       std::string_view response) noexcept {
  std::string line;
  std::string date;
  try {
    meta.instance_id = instance_id_;
    date = recordDayOf(meta.time).value_or(jstDateToday());
    line = formatArchiveLine(seal(key_, std::move(meta), request, response));
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    lost(Failure::kSeal, e.what());
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  Failure kind = Failure::kWrite;
  std::string problem;
  if (append(date, line, kind, problem)) {
    written_.fetch_add(1);
    if (lost_since_report_ > 0) recovered();
  } else {
    lost(kind, problem);
  }
}

bool FileArchive::openDay(const std::string& date, std::string& problem) {
  closeFile();
  const std::string path = dir_ + "/" + archiveFileName(date);
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    problem = path + ": " + errnoText(errno);
    return false;
  }
  // A record torn by a crash or a full disk leaves the file without its final newline: start on
  // a new line, so the torn record spoils only itself.
  struct stat st {};
  char last = '\n';
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) == 1 &&
      last != '\n' && ::write(fd, "\n", 1) != 1) {
    problem = path + ": " + errnoText(errno);
    ::close(fd);
    return false;
  }
  fd_ = fd;
  fd_date_ = date;
  return true;
}

bool FileArchive::append(const std::string& date, const std::string& line, Failure& kind,
                         std::string& problem) {
  if (fd_ < 0 || date != fd_date_) {
    kind = Failure::kOpen;
    if (!openDay(date, problem)) return false;
  }
  kind = Failure::kWrite;
  ssize_t n = 0;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(line.size())) return true;
  problem = dir_ + "/" + archiveFileName(fd_date_) + ": " +
            (n < 0 ? errnoText(errno)
                   : "short write (" + std::to_string(n) + " of " + std::to_string(line.size()) +
                         " bytes; disk full?)");
  // Reopened for the next record, which then starts on a line of its own (openDay).
  closeFile();
  return false;
}

void FileArchive::closeFile() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  fd_date_.clear();
}

void FileArchive::lost(Failure kind, const std::string& problem) {
  lost_.fetch_add(1);
  ++lost_since_report_;
  const int index = static_cast<int>(kind);
  if (reported_[index]) return;
  reported_[index] = true;
  // Paths and OpenSSL's words only, but every line the broker writes goes through the mask.
  log_ << "renkei: archive: " << failureName(index) << ": " << maskMyNumbers(problem)
       << "; the exchange was answered but its bodies are NOT archived (further failures of "
          "this kind are counted, not logged)"
       << std::endl;
}

void FileArchive::recovered() {
  log_ << "renkei: archive: writing again; " << lost_since_report_
       << " exchange(s) were not archived (" << lost_.load() << " since start)" << std::endl;
  lost_since_report_ = 0;
  for (bool& reported : reported_) reported = false;
}

}  // namespace renkei::archive

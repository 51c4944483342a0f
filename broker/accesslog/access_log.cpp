#include "broker/accesslog/access_log.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <iostream>
#include <stdexcept>

#include "broker/accesslog/access_log_line.h"

namespace renkei::accesslog {
namespace {

constexpr const char* kStderr = "stderr";

bool writableNow(int fd) {
  pollfd target{fd, POLLOUT, 0};
  return ::poll(&target, 1, 0) == 1 && (target.revents & POLLOUT) != 0;
}

long localUtcOffset() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_gmtoff;
}

}  // namespace

AccessLog::AccessLog(std::string target, std::string instance)
    : target_(std::move(target)), instance_(std::move(instance)), utc_offset_(localUtcOffset()) {
  fd_ = openTarget();
  if (fd_ < 0) {
    const std::string why = errno == ENXIO ? "it is a FIFO with no reader" : std::strerror(errno);
    throw std::runtime_error("cannot open the access log " + target_ + ": " + why);
  }
  may_block_ = mayBlock(fd_);
}

AccessLog::~AccessLog() {
  if (fd_ > STDERR_FILENO) ::close(fd_);
}

int AccessLog::openTarget() const {
  if (target_ == kStderr) return STDERR_FILENO;
  // O_NONBLOCK only for the open itself: a FIFO without a reader fails (ENXIO) instead of
  // holding the broker's start until one comes. Writes stay blocking, guarded by poll(2).
  const int fd =
      ::open(target_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
  if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

bool AccessLog::mayBlock(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
}

bool AccessLog::targetTakesALineNow() {
  if (!may_block_.load(std::memory_order_relaxed) || writableNow(fd_)) return true;
  dropped_total_.fetch_add(1, std::memory_order_relaxed);
  if (dropped_unreported_.fetch_add(1, std::memory_order_relaxed) == 0 &&
      (fd_ != STDERR_FILENO && (!mayBlock(STDERR_FILENO) || writableNow(STDERR_FILENO)))) {
    std::cerr << "renkei: access log " << target_
              << " is not accepting writes; lines are dropped (and counted) until it does"
              << std::endl;
  }
  return false;
}

// Said on stderr only when stderr takes it now: stderr may be the stalled target itself.
void AccessLog::reportDropsEnded() {
  if (dropped_unreported_.load(std::memory_order_relaxed) == 0) return;
  if (mayBlock(STDERR_FILENO) && !writableNow(STDERR_FILENO)) return;
  const long dropped = dropped_unreported_.exchange(0, std::memory_order_relaxed);
  if (dropped == 0) return;
  std::cerr << "renkei: access log " << target_ << " takes writes again; " << dropped
            << " line(s) were dropped while it did not" << std::endl;
}

void AccessLog::finished(const ExchangeReport& report) {
  if (!targetTakesALineNow()) return;
  std::string line = accessLogLine(report, instance_, std::chrono::system_clock::now(),
                                   utc_offset_.load(std::memory_order_relaxed));
  line += '\n';
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      // A full disk must not cost exchanges: the line is dropped, and said once.
      if (!write_failed_.exchange(true)) {
        std::cerr << "renkei: access log " << target_ << ": write failed: " << std::strerror(errno)
                  << "; lines are dropped until it is reopened (SIGUSR1)" << std::endl;
      }
      return;
    }
  }
  reportDropsEnded();
}

void AccessLog::reopen() {
  utc_offset_.store(localUtcOffset(), std::memory_order_relaxed);
  if (target_ == kStderr) return;
  const int fresh = openTarget();
  if (fresh < 0) {
    std::cerr << "renkei: cannot reopen the access log " << target_ << ": " << std::strerror(errno)
              << "; still writing to the old file" << std::endl;
    return;
  }
  // Atomically repoints fd_ at the new file; workers keep using the same descriptor number.
  if (::dup3(fresh, fd_, O_CLOEXEC) < 0) {
    std::cerr << "renkei: cannot reopen the access log " << target_ << ": " << std::strerror(errno)
              << std::endl;
  } else {
    write_failed_ = false;
    may_block_ = mayBlock(fd_);
  }
  ::close(fresh);
}

}  // namespace renkei::accesslog

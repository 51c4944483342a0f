#include "broker/accesslog/access_log.h"

#include <fcntl.h>
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
    throw std::runtime_error("cannot open the access log " + target_ + ": " + std::strerror(errno));
  }
}

AccessLog::~AccessLog() {
  if (fd_ > STDERR_FILENO) ::close(fd_);
}

int AccessLog::openTarget() const {
  if (target_ == kStderr) return STDERR_FILENO;
  return ::open(target_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

void AccessLog::finished(const ExchangeReport& report) {
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
  }
  ::close(fresh);
}

}  // namespace renkei::accesslog

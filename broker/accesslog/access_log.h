#pragma once
// The JSON-lines access log (<log access="PATH|stderr"/>): one line per exchange, written by the
// worker that answered it as one write(2) of the whole line, so lines from concurrent workers
// never interleave (O_APPEND) and nothing is lost in a buffer when the process dies. No thread,
// no queue, no lock per line.
//
// Rotation: move the file away and send SIGUSR1 (logrotate's postrotate); reopen() opens the
// path again and dup2()s it over the descriptor the workers write to, so a worker mid-write
// finishes on the old file and the next line goes to the new one, without a lock. copytruncate
// works too (O_APPEND writes land at the new end).
#include <atomic>
#include <memory>
#include <string>

#include "broker/core/exchange_observer.h"

namespace renkei::accesslog {

class AccessLog : public ExchangeObserver {
 public:
  // `target` is "stderr" or a file path (created 0640 if missing, appended to). Throws
  // std::runtime_error naming the path when it cannot be opened.
  AccessLog(std::string target, std::string instance);
  ~AccessLog() override;
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void finished(const ExchangeReport& report) override;
  // Opens the path again (after rotation); the local time offset is read again too. A failure
  // is reported on stderr and the old file kept. Nothing to do for stderr.
  void reopen();

 private:
  int openTarget() const;  // -1 with errno on failure

  const std::string target_;
  const std::string instance_;
  int fd_ = -1;                            // 2 for stderr; never closed while workers run
  std::atomic<long> utc_offset_;           // seconds east of UTC, read at open and reopen
  std::atomic<bool> write_failed_{false};  // reported once, not per line
};

}  // namespace renkei::accesslog

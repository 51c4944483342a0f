#pragma once
// The JSON-lines access log (<log access="PATH|stderr"/>): one line per exchange, written by the
// thread that settles the exchange (a worker, or the audit writer once the record is durable)
// as one write(2) of the whole line, so lines from concurrent threads never interleave
// (O_APPEND) and nothing is lost in a buffer when the process dies. No thread, no queue, no lock
// per line.
//
// A pipe, socket or terminal that stops reading (a stalled journald, a paused `less`) must not
// stop the broker: the audit writer is among the threads that write. So for any target but a
// regular file a line is written only when poll(2) says the target can take it now, which for
// a line shorter than PIPE_BUF means the write does not block; otherwise it is dropped and
// counted, and the count reported on stderr when writes go through again. A regular file is
// written as before (a write to it waits for the disk, never for a reader).
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
  // Lines dropped because the target was not accepting writes, since start.
  long droppedLines() const { return dropped_total_.load(std::memory_order_relaxed); }

 private:
  int openTarget() const;  // -1 with errno on failure
  // Whether a write to `fd` can wait on a reader: anything but a regular file.
  static bool mayBlock(int fd);
  // Drops the line when the target is not accepting writes; false when dropped.
  bool targetTakesALineNow();
  void reportDropsEnded();

  const std::string target_;
  const std::string instance_;
  int fd_ = -1;                            // 2 for stderr; never closed while workers run
  std::atomic<long> utc_offset_;           // seconds east of UTC, read at open and reopen
  std::atomic<bool> write_failed_{false};  // reported once, not per line
  std::atomic<bool> may_block_{false};     // fd_ is a pipe, socket or terminal
  std::atomic<long> dropped_unreported_{0};
  std::atomic<long> dropped_total_{0};
};

}  // namespace renkei::accesslog

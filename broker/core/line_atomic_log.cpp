#include "broker/core/line_atomic_log.h"

#include <errno.h>
#include <unistd.h>

#include <iostream>

namespace renkei {
namespace {

void writeAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to log to: nothing better to do than drop it
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// This thread's text not yet ended by a newline, and where it goes. Written out when the thread
// ends, so a last line without a newline is not lost.
struct PendingLine {
  int fd = -1;
  std::string text;
  ~PendingLine() {
    if (fd >= 0 && !text.empty()) writeAll(fd, text.data(), text.size());
  }
};

thread_local PendingLine pending;

// Appends [s, s+n) to this thread's pending text and writes out every completed line, all the
// completed lines of one call in a single write.
void append(int fd, const char* s, std::size_t n) {
  if (pending.fd != fd) {
    if (pending.fd >= 0 && !pending.text.empty()) {
      writeAll(pending.fd, pending.text.data(), pending.text.size());
    }
    pending.text.clear();
    pending.fd = fd;
  }
  pending.text.append(s, n);
  const std::size_t last_newline = pending.text.rfind('\n');
  if (last_newline == std::string::npos) return;
  writeAll(fd, pending.text.data(), last_newline + 1);
  pending.text.erase(0, last_newline + 1);
}

}  // namespace

LineAtomicStreambuf::int_type LineAtomicStreambuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char ch = traits_type::to_char_type(c);
  append(fd_, &ch, 1);
  return c;
}

std::streamsize LineAtomicStreambuf::xsputn(const char* s, std::streamsize n) {
  if (n > 0) append(fd_, s, static_cast<std::size_t>(n));
  return n;
}

int LineAtomicStreambuf::sync() { return 0; }

void useLineAtomicStandardError() {
  // Lives as long as the process: threads may still log while statics are destroyed.
  static auto* buffer = new LineAtomicStreambuf(STDERR_FILENO);
  std::cerr.rdbuf(buffer);
  std::clog.rdbuf(buffer);
}

}  // namespace renkei

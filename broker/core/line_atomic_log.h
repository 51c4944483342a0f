#pragma once
// std::cerr for a process whose threads all log: every line reaches the file descriptor in one
// write(2), so two threads' lines never interleave mid-line. The standard std::cerr is unbuffered
// and writes each `<<` piece on its own, so "could not authenticate with peer " from one thread
// and a whole warning from another came out as one garbled line (seen in a federation test's
// broker log, which then did not contain the line the test waited for).
//
// Each thread gathers its own pending text (no lock, no shared state) and writes it when a
// newline completes a line. A flush without a newline (std::cerr's unitbuf flushes after every
// `<<`) writes nothing yet; text still pending when a thread ends is written then, so nothing is
// lost. Lines up to PIPE_BUF (4 KiB) are atomic on pipes; a file opened O_APPEND gets whole lines
// of any length.
#include <streambuf>
#include <string>

namespace renkei {

class LineAtomicStreambuf : public std::streambuf {
 public:
  explicit LineAtomicStreambuf(int fd) : fd_(fd) {}

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  int fd_;
};

// Makes std::cerr and std::clog line-atomic on standard error for the rest of the process
// (`renkei serve`, where worker, writer, poller and federation threads all log).
void useLineAtomicStandardError();

}  // namespace renkei

// LineAtomicStreambuf: lines logged by many threads at once come out whole, one per line, none
// lost; a thread's last text without a newline is written when the thread ends.
#include "broker/core/line_atomic_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace renkei {
namespace {

// A pipe whose read end is drained by a thread, so writers never block on a full pipe.
class DrainedPipe {
 public:
  DrainedPipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    reader_ = std::thread([this] {
      char buffer[4096];
      for (;;) {
        const ssize_t n = ::read(fds_[0], buffer, sizeof buffer);
        if (n <= 0) return;
        text_.append(buffer, static_cast<size_t>(n));
      }
    });
  }
  ~DrainedPipe() {
    closeWriteEnd();
    if (reader_.joinable()) reader_.join();
    ::close(fds_[0]);
  }
  int writeEnd() const { return fds_[1]; }
  // Everything written, once every writer is done.
  std::string finish() {
    closeWriteEnd();
    reader_.join();
    return text_;
  }

 private:
  void closeWriteEnd() {
    if (fds_[1] >= 0) ::close(fds_[1]);
    fds_[1] = -1;
  }
  int fds_[2] = {-1, -1};
  std::thread reader_;
  std::string text_;
};

TEST(LineAtomicLog, LinesFromManyThreadsComeOutWholeAndNoneIsLost) {
  DrainedPipe pipe;
  LineAtomicStreambuf buffer(pipe.writeEnd());
  constexpr int kThreads = 8;
  constexpr int kLines = 400;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&buffer, t] {
      std::ostream log(&buffer);
      log << std::unitbuf;  // as std::cerr: a flush after every piece
      for (int i = 0; i < kLines; ++i) {
        // Many pieces per line, as the broker's log statements are written.
        log << "renkei: thread " << t << " line " << i << ": " << std::string(40, 'a' + t) << " end"
            << std::endl;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = pipe.finish();

  const std::regex whole("renkei: thread ([0-9]+) line ([0-9]+): ([a-h])\\3{39} end");
  std::istringstream lines(text);
  std::set<std::string> seen;
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, whole)) << "a garbled line: " << line;
    EXPECT_EQ(m[3].str()[0], static_cast<char>('a' + std::stoi(m[1].str()))) << line;
    seen.insert(m[1].str() + "/" + m[2].str());
  }
  EXPECT_EQ(count, kThreads * kLines);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kLines)) << "a line came out twice";
}

TEST(LineAtomicLog, ALastLineWithoutNewlineIsWrittenWhenItsThreadEnds) {
  DrainedPipe pipe;
  LineAtomicStreambuf buffer(pipe.writeEnd());
  std::thread([&buffer] {
    std::ostream log(&buffer);
    log << "renkei: first\n" << std::flush << "renkei: no newline" << std::flush;
  }).join();
  EXPECT_EQ(pipe.finish(), "renkei: first\nrenkei: no newline");
}

}  // namespace
}  // namespace renkei

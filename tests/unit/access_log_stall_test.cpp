// The access log in front of a reader that stops reading (a stalled journald, a paused pager):
// the threads writing it, the audit writer among them, must not stop with it. Lines that cannot
// be written now are dropped and counted; the ones that are written are whole.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "broker/accesslog/access_log.h"
#include "broker/core/exchange.h"
#include "broker/core/exchange_observer.h"
#include "tests/support/json_check.h"

namespace renkei {
namespace {

using renkei::testing::isValidJson;

std::string messageIdOf(int n) {
  return "5f0c6a43-4a7e-4c59-9a51-" + std::to_string(100000000000 + n);
}

// One answered exchange told to the log.
void logExchange(accesslog::AccessLog& log, int n) {
  Exchange exchange;
  PlatformHeader header;
  header.message_id = messageIdOf(n);
  header.sender = "062022/kokuho";
  header.receiver = "062022/juki";
  header.service_name = "IdoJohoShokai";
  header.service_version = "1";
  exchange.header = header;
  exchange.request.peer = "127.0.0.1:40000";
  ExchangeReport report{exchange, exchangeOutcome(exchange), {}, {}};
  report.total = std::chrono::microseconds(450);
  log.finished(report);
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/renkei-accesslog-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Everything the FIFO's reader has been sent so far, without waiting for more.
std::string drain(int reader) {
  std::string got;
  char buf[65536];
  for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) got.append(buf, n);
  return got;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  EXPECT_EQ(start, text.size()) << "a line cut short: " << text.substr(start);
  return lines;
}

TEST(AccessLogStall, AReaderThatStopsReadingDoesNotStopTheWriters) {
  TempDir dir;
  const std::string fifo = dir.path() + "/access.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  accesslog::AccessLog log(fifo, "broker1:8080");

  // Far more than a pipe holds (64 KiB; a line is about 400 bytes), and nobody reading.
  constexpr int kLines = 2000;
  auto writing = std::async(std::launch::async, [&] {
    for (int i = 0; i < kLines; ++i) logExchange(log, i);
  });
  const bool returned = writing.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  std::string got = drain(reader);
  // A writer stuck in write(2) is freed by reading on, so that a failing test still ends.
  while (writing.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
    got += drain(reader);
  }
  ASSERT_TRUE(returned) << "writing the access log blocked on a reader that does not read";

  const std::vector<std::string> lines = linesOf(got);
  EXPECT_GT(lines.size(), 0u);
  EXPECT_GT(log.droppedLines(), 0);
  EXPECT_EQ(static_cast<long>(lines.size()) + log.droppedLines(), kLines)
      << "every line is either written whole or counted as dropped";
  for (const std::string& line : lines) {
    std::string error;
    ASSERT_TRUE(isValidJson(line, &error)) << error << ": " << line;
  }

  // The reader caught up: lines go through again.
  logExchange(log, kLines);
  const std::vector<std::string> after = linesOf(drain(reader));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0].find(messageIdOf(kLines)), std::string::npos);
  ::close(reader);
}

TEST(AccessLogStall, ARegularFileNeverDropsALine) {
  TempDir dir;
  const std::string path = dir.path() + "/access.log";
  {
    accesslog::AccessLog log(path, "broker1:8080");
    for (int i = 0; i < 2000; ++i) logExchange(log, i);
    EXPECT_EQ(log.droppedLines(), 0);
  }
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 2000);
}

TEST(AccessLogStall, AFifoWithoutAReaderIsRefusedAtStartInsteadOfHangingIt) {
  TempDir dir;
  const std::string fifo = dir.path() + "/access.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    accesslog::AccessLog log(fifo, "broker1:8080");
    FAIL() << "opened a FIFO nobody reads";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fifo), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no reader"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace renkei

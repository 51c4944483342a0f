// ReplayStage when its store fails: every exchange is refused with Server.AuditUnavailable, but
// the operator's log gets one line when claims start failing and one when they work again (it
// got a line per exchange, hundreds a second under traffic during a database outage).
#include "broker/stages/replay_stage.h"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>

#include "broker/core/exchange.h"
#include "broker/core/utc_timestamp.h"

namespace renkei {
namespace {

// A claim store that can be switched off, as PostgreSQL stopped under the broker.
class SwitchableGuard : public ReplayGuard {
 public:
  bool claim(const std::string&, const std::string&) override {
    if (down) throw ReplayStoreError("connecting to PostgreSQL host=127.0.0.1: refused");
    return true;
  }
  bool down = false;
};

// Captures what the stage writes to std::cerr for the lifetime of the object.
class CapturedStderr {
 public:
  CapturedStderr() : previous_(std::cerr.rdbuf(captured_.rdbuf())) {}
  ~CapturedStderr() { std::cerr.rdbuf(previous_); }
  std::string text() const { return captured_.str(); }

 private:
  std::ostringstream captured_;
  std::streambuf* previous_;
};

int linesOf(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

// Exchange is neither copied nor moved: each one is made in place.
StageResult processFresh(ReplayStage& stage, int n) {
  Exchange exchange;
  PlatformHeader h;
  h.message_id = "6f1c2a9e-1b7d-4c1e-9d59-0a6b1f0f" + std::to_string(1000 + n);
  h.sender = "062022/kokuho";
  h.receiver = "062022/juki";
  h.timestamp = utcTimestampNow();
  exchange.header = h;
  return stage.process(exchange);
}

TEST(ReplayStage, AStoreOutageIsLoggedOnceAndItsEndOnceWhileEveryExchangeIsRefused) {
  SwitchableGuard guard;
  ReplayStage stage(guard, std::chrono::seconds(300));
  CapturedStderr log;
  int n = 0;
  EXPECT_TRUE(processFresh(stage, ++n).ok());
  EXPECT_EQ(log.text(), "");

  guard.down = true;
  for (int i = 0; i < 50; ++i) {
    const StageResult result = processFresh(stage, ++n);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.fault()->code, FaultCode::kAuditUnavailable);
    // The store's words stay in the log, never in the caller's fault.
    EXPECT_EQ(result.fault()->reason.find("127.0.0.1"), std::string::npos);
  }
  EXPECT_EQ(linesOf(log.text()), 1) << log.text();
  EXPECT_NE(log.text().find("replay claims failing"), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("host=127.0.0.1: refused"), std::string::npos) << log.text();

  guard.down = false;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(processFresh(stage, ++n).ok());
  }
  EXPECT_EQ(linesOf(log.text()), 2) << log.text();
  EXPECT_NE(log.text().find("replay claims work again; 50 exchanges were refused meanwhile"),
            std::string::npos)
      << log.text();

  // A second outage is reported again, with its own count.
  guard.down = true;
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(processFresh(stage, ++n).ok());
  }
  guard.down = false;
  EXPECT_TRUE(processFresh(stage, ++n).ok());
  EXPECT_EQ(linesOf(log.text()), 4) << log.text();
  EXPECT_NE(log.text().find("3 exchanges were refused meanwhile"), std::string::npos) << log.text();
}

}  // namespace
}  // namespace renkei

// ReceiverBulkhead and CircuitBreaker alone, with real threads and the real clock.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "broker/transport/circuit_breaker.h"
#include "broker/transport/receiver_bulkhead.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

TEST(ReceiverBulkheadTest, AdmitsUpToTheLimitThenQueuesThenRefuses) {
  ReceiverBulkhead bulkhead(2, 1);
  const auto far = Clock::now() + std::chrono::seconds(10);
  EXPECT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);
  EXPECT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);

  std::atomic<int> waited{-1};
  std::thread waiter([&] { waited = bulkhead.acquire(far); });
  while (bulkhead.queued() == 0) std::this_thread::sleep_for(milliseconds(1));

  const auto before = Clock::now();
  EXPECT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kQueueFull);
  EXPECT_LT(Clock::now() - before, milliseconds(300));  // refused at once, not after a wait

  bulkhead.release();  // handed straight to the waiter
  waiter.join();
  EXPECT_EQ(waited, ReceiverBulkhead::kAcquired);
  EXPECT_EQ(bulkhead.active(), 2);
  bulkhead.release();
  bulkhead.release();
  EXPECT_EQ(bulkhead.active(), 0);
}

TEST(ReceiverBulkheadTest, AWaiterGivesUpAtItsDeadline) {
  ReceiverBulkhead bulkhead(1, 4);
  ASSERT_EQ(bulkhead.acquire(Clock::now() + std::chrono::seconds(10)), ReceiverBulkhead::kAcquired);
  const auto start = Clock::now();
  EXPECT_EQ(bulkhead.acquire(start + milliseconds(200)), ReceiverBulkhead::kTimedOut);
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, milliseconds(190));
  EXPECT_LT(waited, milliseconds(400));
  EXPECT_EQ(bulkhead.queued(), 0);  // the timed-out waiter left the queue
  EXPECT_EQ(bulkhead.acquire(Clock::now()), ReceiverBulkhead::kTimedOut);  // deadline passed
}

TEST(ReceiverBulkheadTest, WaitersAreServedInArrivalOrder) {
  ReceiverBulkhead bulkhead(1, 8);
  const auto far = Clock::now() + std::chrono::seconds(10);
  ASSERT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      ASSERT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);
      {
        std::lock_guard<std::mutex> lock(order_mutex);
        order.push_back(i);
      }
      bulkhead.release();
    });
    while (bulkhead.queued() != i + 1) std::this_thread::sleep_for(milliseconds(1));
  }
  bulkhead.release();
  for (auto& t : waiters) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

struct BreakerFixture {
  std::vector<std::string> lines;
  CircuitBreaker breaker{"062022/juki", 3, milliseconds(5000),
                         [this](const std::string& line) { lines.push_back(line); }};
};

TEST(CircuitBreakerTest, OpensAfterConsecutiveFailuresAndProbesAfterTheInterval) {
  BreakerFixture f;
  const auto t0 = Clock::now();
  bool probe = false;
  std::string reason;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(f.breaker.allow(t0, &probe, &reason));
    f.breaker.record(probe, ReceiverVerdict::kFailed, "connection refused at http://10.1.2.3/", t0);
  }
  ASSERT_TRUE(f.breaker.allow(t0, &probe, &reason));
  f.breaker.record(probe, ReceiverVerdict::kHealthy, "", t0);  // a success resets the count
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(f.breaker.allow(t0, &probe, &reason));
    f.breaker.record(probe, ReceiverVerdict::kFailed, "timed out at http://10.1.2.3/", t0);
  }
  EXPECT_EQ(f.breaker.state(), CircuitBreaker::State::kOpen);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_EQ(f.lines[0],
            "renkei: receiver 062022/juki breaker open after 3 consecutive failures or timeouts "
            "(last: timed out at http://10.1.2.3/); probing again in 5 s");

  EXPECT_FALSE(f.breaker.allow(t0 + milliseconds(3800), &probe, &reason));
  EXPECT_NE(reason.find("tries it again in 1.2 s"), std::string::npos) << reason;
  EXPECT_EQ(reason.find("10.1.2.3"), std::string::npos);

  const auto later = t0 + milliseconds(5000);
  EXPECT_TRUE(f.breaker.refusal(later).empty());
  ASSERT_TRUE(f.breaker.allow(later, &probe, &reason));
  EXPECT_TRUE(probe);
  EXPECT_FALSE(f.breaker.allow(later, &probe, &reason));  // one probe at a time
  f.breaker.record(true, ReceiverVerdict::kFailed, "connection refused", later);
  EXPECT_EQ(f.breaker.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(f.breaker.allow(later + milliseconds(10), &probe, &reason));

  const auto again = later + milliseconds(5000);
  ASSERT_TRUE(f.breaker.allow(again, &probe, &reason));
  ASSERT_TRUE(probe);
  f.breaker.record(true, ReceiverVerdict::kHealthy, "", again);
  EXPECT_EQ(f.breaker.state(), CircuitBreaker::State::kClosed);
  ASSERT_TRUE(f.breaker.allow(again, &probe, &reason));
  EXPECT_FALSE(probe);
  ASSERT_EQ(f.lines.size(), 5u);  // open, half-open, open again, half-open, closed
  EXPECT_NE(f.lines[2].find("open again: the probe failed"), std::string::npos) << f.lines[2];
  EXPECT_EQ(f.lines[4], "renkei: receiver 062022/juki breaker closed: the probe was answered");
}

TEST(CircuitBreakerTest, NeutralOutcomesNeitherCountNorDecide) {
  BreakerFixture f;
  const auto t0 = Clock::now();
  bool probe = false;
  std::string reason;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(f.breaker.allow(t0, &probe, &reason));
    f.breaker.record(probe, ReceiverVerdict::kNeutral, "bad URL", t0);
  }
  EXPECT_EQ(f.breaker.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(f.lines.empty());
}

TEST(CircuitBreakerTest, HumanDurations) {
  EXPECT_EQ(humanDuration(milliseconds(5000)), "5 s");
  EXPECT_EQ(humanDuration(milliseconds(1500)), "1.5 s");
  EXPECT_EQ(humanDuration(milliseconds(1201)), "1.3 s");
  EXPECT_EQ(humanDuration(milliseconds(300)), "300 ms");
}

}  // namespace
}  // namespace renkei

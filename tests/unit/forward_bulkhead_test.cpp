// The forward stage with its receiver guard, libcurl and real loopback units: a silent unit
// costs only its own callers, deadlines include the wait for a slot, a full queue is refused.
#include <gtest/gtest.h>

#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/unit/support/forwarding_broker.h"

namespace renkei {
namespace {

using namespace test_support;
using Broker = ForwardingBroker;

TEST(ForwardBulkheadTest, ForwardCallersOfASilentUnitDoNotSlowAHealthyOne) {
  TestHttpServer silent_unit;
  silent_unit.setAnswer(silent());
  TestHttpServer healthy_unit;
  healthy_unit.setAnswer(answerWith(kAnswer));
  ReceiverLimits limits;
  limits.max_concurrent = 4;
  limits.max_queued = 8;
  const milliseconds timeout(1500);
  Broker broker(limits, timeout);

  std::mutex mutex;
  std::vector<Broker::Call> stuck;
  std::vector<std::thread> callers;
  for (int i = 0; i < 40; ++i) {
    callers.emplace_back([&] {
      Broker::Call c = broker.call("062022/juki", silent_unit.url("/juki"));
      std::lock_guard<std::mutex> lock(mutex);
      stuck.push_back(std::move(c));
    });
  }
  EXPECT_TRUE(broker.waitForLoad("062022/juki", 4, 8));  // slots and queue taken, rest refused

  Clock::duration slowest{};
  for (int i = 0; i < 30; ++i) {
    Broker::Call c = broker.call("062022/kokuho", healthy_unit.url("/kokuho"));
    ASSERT_TRUE(c.result.ok()) << reasonOf(c);
    slowest = std::max(slowest, c.took);
    std::this_thread::sleep_for(milliseconds(20));
  }
  // The target is under 300 ms (issue 7); the bound leaves room for a loaded shared machine.
  std::cout << "[ figures  ] slowest healthy exchange with 40 callers stuck on a silent unit: "
            << std::chrono::duration_cast<milliseconds>(slowest).count() << " ms" << std::endl;
  EXPECT_LT(slowest, milliseconds(500));

  for (auto& t : callers) t.join();
  ASSERT_EQ(stuck.size(), 40u);
  int refused_at_once = 0;
  for (const Broker::Call& c : stuck) {
    const FaultCode code = codeOf(c);
    EXPECT_TRUE(code == FaultCode::kReceiverTimeout || code == FaultCode::kReceiverUnavailable ||
                code == FaultCode::kOverloaded)
        << reasonOf(c);
    EXPECT_LE(c.took, timeout + milliseconds(400)) << reasonOf(c);  // deadline + slack
    if (codeOf(c) == FaultCode::kOverloaded || codeOf(c) == FaultCode::kReceiverUnavailable) {
      EXPECT_LT(c.took, milliseconds(500)) << reasonOf(c);  // refused at once, not at the deadline
      ++refused_at_once;
    }
  }
  EXPECT_EQ(refused_at_once, 40 - 4 - 8);  // beyond the slots and the queue
  // The queued callers reach it only if a slot came free with time left before their deadline.
  EXPECT_GE(silent_unit.requestCount(), 4);
  EXPECT_LE(silent_unit.requestCount(), 4 + 8);
}

TEST(ForwardBulkheadTest, TheDeadlineCoversTheWaitForASlot) {
  TestHttpServer slow_unit;
  TestHttpAnswer slow = answerWith(kAnswer);
  slow.delay = milliseconds(1000);
  slow_unit.setAnswer(slow);
  ReceiverLimits limits;
  limits.max_concurrent = 1;
  Broker broker(limits, milliseconds(1500));

  Broker::Call first, second;
  std::thread a([&] { first = broker.call("062022/juki", slow_unit.url()); });
  ASSERT_TRUE(broker.waitForLoad("062022/juki", 1, 0));  // a holds the one slot
  std::thread b([&] { second = broker.call("062022/juki", slow_unit.url()); });
  a.join();
  b.join();
  EXPECT_TRUE(first.result.ok()) << reasonOf(first);
  // The second waited ~950 ms for the slot, so its forward had only ~550 ms, not 1500.
  EXPECT_EQ(codeOf(second), FaultCode::kReceiverTimeout) << reasonOf(second);
  EXPECT_LE(second.took, milliseconds(1500 + 400));
  EXPECT_NE(reasonOf(second).find("no answer within the exchange's 1500 ms deadline ("),
            std::string::npos)
      << reasonOf(second);
}

TEST(ForwardBulkheadTest, AFullQueueIsRefusedAtOnce) {
  TestHttpServer silent_unit;
  silent_unit.setAnswer(silent());
  ReceiverLimits limits;
  limits.max_concurrent = 1;
  limits.max_queued = 1;
  Broker broker(limits, milliseconds(1000));
  std::thread holder([&] { broker.call("062022/juki", silent_unit.url()); });
  EXPECT_TRUE(broker.waitForLoad("062022/juki", 1, 0));
  std::thread waiter([&] { broker.call("062022/juki", silent_unit.url()); });
  EXPECT_TRUE(broker.waitForLoad("062022/juki", 1, 1));

  const Broker::Call refused = broker.call("062022/juki", silent_unit.url());
  EXPECT_EQ(codeOf(refused), FaultCode::kOverloaded);
  EXPECT_LT(refused.took, milliseconds(100));
  EXPECT_EQ(reasonOf(refused),
            "receiver 062022/juki is at its limit of 1 concurrent exchanges and 1 waiting; "
            "try again later");
  holder.join();
  waiter.join();
}

}  // namespace
}  // namespace renkei

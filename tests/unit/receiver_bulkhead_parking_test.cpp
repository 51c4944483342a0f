// ReceiverBulkhead's parked waiters: they hold no thread, keep their place in the one queue with
// blocked waiters, are called back once with the slot or at their deadline (DeadlineTimer's
// thread), and never from inside the call that parked them.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "broker/transport/receiver_bulkhead.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What a parked waiter was told, and when.
struct Told {
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<bool> granted;
  Clock::time_point at;
  int calls = 0;

  ReceiverBulkhead::Resume resume() {
    return [this](bool g) {
      std::lock_guard lock(mutex);
      granted = g;
      at = Clock::now();
      ++calls;
      changed.notify_all();
    };
  }
  bool waitFor(milliseconds bound) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, bound, [this] { return granted.has_value(); });
  }
};

TEST(ReceiverBulkheadParkingTest, AParkedWaiterIsHandedTheSlotThatComesFree) {
  ReceiverBulkhead bulkhead(1, 4);
  const auto far = Clock::now() + std::chrono::seconds(10);
  ASSERT_EQ(bulkhead.acquireOrPark(far, nullptr), ReceiverBulkhead::kAcquired);
  Told told;
  EXPECT_EQ(bulkhead.acquireOrPark(far, told.resume()), ReceiverBulkhead::kParked);
  EXPECT_EQ(told.calls, 0) << "never called from inside the call that parked it";
  EXPECT_EQ(bulkhead.queued(), 1);

  bulkhead.release();  // handed over, on this thread
  EXPECT_EQ(told.calls, 1);
  EXPECT_EQ(told.granted, true);
  EXPECT_EQ(bulkhead.active(), 1) << "the slot went to the parked waiter, not back to the pool";
  EXPECT_EQ(bulkhead.queued(), 0);
  bulkhead.release();
  EXPECT_EQ(bulkhead.active(), 0);
}

TEST(ReceiverBulkheadParkingTest, ParkedAndBlockedWaitersAreServedInOneArrivalOrder) {
  ReceiverBulkhead bulkhead(1, 8);
  const auto far = Clock::now() + std::chrono::seconds(10);
  ASSERT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);
  Told first;
  ASSERT_EQ(bulkhead.acquireOrPark(far, first.resume()), ReceiverBulkhead::kParked);
  std::atomic<bool> blocked_got{false};
  std::thread blocked([&] {
    ASSERT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kAcquired);
    blocked_got = true;
  });
  while (bulkhead.queued() != 2) std::this_thread::sleep_for(milliseconds(1));
  Told third;
  ASSERT_EQ(bulkhead.acquireOrPark(far, third.resume()), ReceiverBulkhead::kParked);

  bulkhead.release();
  EXPECT_EQ(first.granted, true);
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(blocked_got) << "the blocked waiter queued after the parked one";

  bulkhead.release();  // the parked one's turn is over: the blocked thread is next
  blocked.join();
  EXPECT_TRUE(blocked_got);
  EXPECT_EQ(third.calls, 0);

  bulkhead.release();
  EXPECT_EQ(third.granted, true);
  bulkhead.release();
  EXPECT_EQ(bulkhead.active(), 0);
}

TEST(ReceiverBulkheadParkingTest, AParkedWaiterIsToldAtItsDeadlineWhenNoSlotComesFree) {
  ReceiverBulkhead bulkhead(1, 4);
  ASSERT_EQ(bulkhead.acquireOrPark(Clock::now() + std::chrono::seconds(10), nullptr),
            ReceiverBulkhead::kAcquired);
  const auto start = Clock::now();
  Told early;
  Told late;
  ASSERT_EQ(bulkhead.acquireOrPark(start + milliseconds(900), late.resume()),
            ReceiverBulkhead::kParked);
  // Queued later with an earlier deadline (a peer's request with little time left).
  ASSERT_EQ(bulkhead.acquireOrPark(start + milliseconds(100), early.resume()),
            ReceiverBulkhead::kParked);

  ASSERT_TRUE(early.waitFor(milliseconds(2000)));
  EXPECT_EQ(early.granted, false);
  EXPECT_GE(early.at - start, milliseconds(100));
  EXPECT_LT(early.at - start, milliseconds(850)) << "not held back by the waiter ahead of it";
  EXPECT_EQ(bulkhead.queued(), 1);

  ASSERT_TRUE(late.waitFor(milliseconds(2000)));
  EXPECT_EQ(late.granted, false);
  EXPECT_GE(late.at - start, milliseconds(900));
  EXPECT_EQ(bulkhead.queued(), 0);
  EXPECT_EQ(bulkhead.active(), 1) << "an expired waiter takes no slot";

  bulkhead.release();
  EXPECT_EQ(bulkhead.active(), 0);
  EXPECT_EQ(early.calls, 1);
  EXPECT_EQ(late.calls, 1);
}

TEST(ReceiverBulkheadParkingTest, ParkedWaitersCountAgainstTheQueueAndADeadlineThatPassed) {
  ReceiverBulkhead bulkhead(1, 1);
  const auto far = Clock::now() + std::chrono::seconds(10);
  ASSERT_EQ(bulkhead.acquireOrPark(far, nullptr), ReceiverBulkhead::kAcquired);
  Told parked;
  ASSERT_EQ(bulkhead.acquireOrPark(far, parked.resume()), ReceiverBulkhead::kParked);
  Told refused;
  EXPECT_EQ(bulkhead.acquireOrPark(far, refused.resume()), ReceiverBulkhead::kQueueFull);
  EXPECT_EQ(bulkhead.acquire(far), ReceiverBulkhead::kQueueFull);
  EXPECT_EQ(refused.calls, 0) << "a refusal is the answer; nothing is called later";

  bulkhead.release();
  ASSERT_EQ(parked.granted, true);
  EXPECT_EQ(bulkhead.acquireOrPark(Clock::now() - milliseconds(1), refused.resume()),
            ReceiverBulkhead::kTimedOut);
  bulkhead.release();
}

}  // namespace
}  // namespace renkei

// The listener's worker pool: a bounded queue while every worker is busy (the caller answers
// Server.Overloaded beyond it), and everything accepted run before stop returns.
#include "broker/server/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "broker/core/blocking_wait.h"

namespace renkei {
namespace {

// Tasks that wait until released, to hold workers busy.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  void awaitWaiting(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_ >= n; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(WorkerPool, QueuesWhileAllAreBusyAndRefusesBeyondItsCapacity) {
  WorkerPool pool(2, 2);
  Gate gate;
  std::atomic<int> ran{0};
  auto held = [&] {
    gate.wait();
    ++ran;
  };
  ASSERT_TRUE(pool.tryPush(held));
  ASSERT_TRUE(pool.tryPush(held));
  gate.awaitWaiting(2);
  EXPECT_EQ(pool.busy(), 2);
  EXPECT_TRUE(pool.tryPush(held));
  EXPECT_TRUE(pool.tryPush(held));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_FALSE(pool.tryPush(held)) << "beyond the queue's capacity";
  gate.open();
  pool.stop();
  EXPECT_EQ(ran.load(), 4);
}

TEST(WorkerPool, StopRunsEverythingQueuedAndThenRefuses) {
  WorkerPool pool(1, 8);
  Gate gate;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.tryPush([&] {
    gate.wait();
    ++ran;
  }));
  gate.awaitWaiting(1);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.tryPush([&] { ++ran; }));
  std::thread stopper([&] { pool.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  gate.open();
  stopper.join();
  EXPECT_EQ(ran.load(), 4) << "accepted requests are never dropped";
  EXPECT_FALSE(pool.tryPush([] {}));
  pool.stop();  // idempotent
}

TEST(WorkerPool, IdleWorkersStopPromptly) {
  const auto started = std::chrono::steady_clock::now();
  {
    WorkerPool pool(16, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // all idle, waiting
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

// What a pool sized for stuck receivers (64) costs under light load: work goes to the worker that
// slept last, so the same few stay busy and the others never wake.
TEST(WorkerPool, WorkWaitingOneAtATimeRunsOnTheSameWorker) {
  WorkerPool pool(16, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // all idle, waiting
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 50; ++i) {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    ASSERT_TRUE(pool.tryPush([&] {
      std::lock_guard lock(mutex);
      ran_on.insert(std::this_thread::get_id());
      finished = true;
      done.notify_one();
    }));
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return finished; });
    // Let the worker get back to sleep: the next task is then handed to it, not queued.
    lock.unlock();
    while (pool.busy() > 0) std::this_thread::yield();
  }
  EXPECT_EQ(ran_on.size(), 1u) << "tasks one after another went to " << ran_on.size()
                               << " different workers";
}

TEST(WorkerPool, TwoAtATimeKeepTwoWorkersBusyAndTheRestAsleep) {
  WorkerPool pool(16, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::mutex mutex;
  std::set<std::thread::id> ran_on;
  for (int round = 0; round < 30; ++round) {
    Gate gate;
    auto task = [&] {
      gate.wait();
      std::lock_guard lock(mutex);
      ran_on.insert(std::this_thread::get_id());
    };
    ASSERT_TRUE(pool.tryPush(task));
    ASSERT_TRUE(pool.tryPush(task));
    gate.awaitWaiting(2);  // both running at once, on two workers
    gate.open();
    while (pool.busy() > 0) std::this_thread::yield();
  }
  EXPECT_EQ(ran_on.size(), 2u);
}

// The running limit (activeWorkers): beyond it tasks queue instead of waking more workers; a
// declared wait (BlockingWait) gives the place to queued work; unstick() rescues queued work
// from a wait nobody declared.
TEST(WorkerPool, AtMostMaxRunningTasksRunAtOnceTheRestQueue) {
  WorkerPool pool(8, 16, "renkei-worker", /*max_running=*/2);
  Gate gate;
  std::atomic<int> ran{0};
  auto held = [&] {
    gate.wait();
    ++ran;
  };
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pool.tryPush(held));
  gate.awaitWaiting(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(pool.running(), 2);
  EXPECT_EQ(pool.queued(), 2u) << "six workers idle, yet the limit keeps two tasks queued";
  gate.open();
  pool.stop();
  EXPECT_EQ(ran.load(), 4);
}

TEST(WorkerPool, TellsTheCpuDemandOfRunningAndQueuedTasksButNotOfWaitingOnes) {
  CpuDemand demand;
  WorkerPool pool(8, 16, "renkei-worker", /*max_running=*/2, &demand);
  EXPECT_EQ(demand.tasks(), 0);
  Gate unit;  // what the first task waits for, declared
  ASSERT_TRUE(pool.tryPush([&] {
    BlockingWait waiting;
    unit.wait();
  }));
  unit.awaitWaiting(1);
  Gate cpu;  // tasks that hold a running place
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.tryPush([&] { cpu.wait(); }));
  cpu.awaitWaiting(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(demand.tasks(), 3) << "two running and one queued; the one waiting for its unit "
                                  "wants no CPU";
  cpu.open();
  unit.open();
  pool.stop();
  EXPECT_EQ(demand.tasks(), 0) << "an idle pool still claimed the CPU";
}

TEST(WorkerPool, AWorkerInADeclaredWaitLetsAQueuedTaskRun) {
  WorkerPool pool(4, 16, "renkei-worker", /*max_running=*/1);
  Gate unit;  // the slow unit the first task waits for
  std::atomic<bool> second_ran{false};
  ASSERT_TRUE(pool.tryPush([&] {
    BlockingWait waiting;
    unit.wait();
  }));
  unit.awaitWaiting(1);
  ASSERT_TRUE(pool.tryPush([&] { second_ran = true; }));
  const auto start = std::chrono::steady_clock::now();
  while (!second_ran && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(second_ran) << "the only running place was given up by the waiting worker";
  EXPECT_EQ(pool.running(), 0);
  unit.open();
  pool.stop();
}

TEST(WorkerPool, UnstickHandsQueuedWorkOnOnlyWhenNoneWasTakenSinceTheLastCall) {
  WorkerPool pool(4, 16, "renkei-worker", /*max_running=*/1);
  Gate undeclared;  // a wait the task does not declare
  std::atomic<bool> second_ran{false};
  ASSERT_TRUE(pool.tryPush([&] { undeclared.wait(); }));
  undeclared.awaitWaiting(1);
  ASSERT_TRUE(pool.tryPush([&] { second_ran = true; }));
  pool.unstick();  // a task was taken since the pool started: not stuck yet
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(second_ran);
  EXPECT_EQ(pool.queued(), 1u);
  pool.unstick();  // nothing taken since the last call: one more worker takes it
  const auto start = std::chrono::steady_clock::now();
  while (!second_ran && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(second_ran);
  undeclared.open();
  pool.stop();
}

}  // namespace
}  // namespace renkei

// Threads say what they are: an operator's `top -H` or `perf` on a busy broker must tell the
// event loop, the workers and the audit writer apart.
#include "broker/core/thread_name.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

#include "broker/server/worker_pool.h"

namespace renkei {
namespace {

std::string nameOfAThreadNamed(const std::string& name) {
  std::string seen;
  namedThread(name, [&] { seen = thisThreadName(); }).join();
  return seen;
}

TEST(ThreadName, IsWhatTheKernelShows) {
  EXPECT_EQ(nameOfAThreadNamed("audit-writer"), "audit-writer");
}

TEST(ThreadName, LongerThanTheKernelKeepsIsCutNotRefused) {
  // Linux keeps 15 bytes; pthread_setname_np refuses longer names outright (ERANGE), which would
  // leave the thread with its parent's name.
  EXPECT_EQ(nameOfAThreadNamed("notification-dispatcher"), "notification-di");
}

std::string nameOfAPoolThread(WorkerPool& pool) {
  std::promise<std::string> name;
  EXPECT_TRUE(pool.tryPush([&] { name.set_value(thisThreadName()); }));
  return name.get_future().get();
}

TEST(ThreadName, WorkerPoolThreadsAreWorkersByDefault) {
  WorkerPool pool(2, 4);
  EXPECT_EQ(nameOfAPoolThread(pool), "renkei-worker");
}

TEST(ThreadName, WorkerPoolThreadsTakeTheNameTheyAreGiven) {
  WorkerPool pool(2, 4, "peer-worker");
  EXPECT_EQ(nameOfAPoolThread(pool), "peer-worker");
}

}  // namespace
}  // namespace renkei

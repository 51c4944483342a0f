// The network listener's bounds, one class at a time: connection slots in all and per address,
// and the deadline that shuts a late connection's socket down (real sockets).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "adapters/mynumber/connection_slots.h"
#include "adapters/mynumber/socket_deadline.h"
#include "tests/support/deadline_scale.h"

namespace renkei::mynumber {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionSlots, OneAddressGetsItsShareAndOthersTheRest) {
  ConnectionSlots slots(4, 2);
  EXPECT_TRUE(slots.take("10.0.0.1"));
  EXPECT_TRUE(slots.take("10.0.0.1"));
  EXPECT_FALSE(slots.take("10.0.0.1")) << "past its share";
  EXPECT_TRUE(slots.take("10.0.0.2"));
  EXPECT_TRUE(slots.take("10.0.0.3"));
  EXPECT_FALSE(slots.take("10.0.0.4")) << "past the total";
  slots.give("10.0.0.1");
  EXPECT_TRUE(slots.take("10.0.0.4"));
  EXPECT_FALSE(slots.take("10.0.0.1"));
}

TEST(ConnectionSlots, TheListenerWaitsForAFreeSlot) {
  ConnectionSlots slots(1, 1);
  ASSERT_TRUE(slots.take("10.0.0.1"));
  std::atomic<bool> waited{false};
  std::thread acceptor([&] {
    slots.waitForFree();
    waited = true;
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(waited) << "went on while every slot was taken";
  slots.give("10.0.0.1");
  acceptor.join();
  EXPECT_TRUE(waited);
}

// A connected pair of sockets; the test reads on one end what the deadline does to it.
struct SocketPair {
  SocketPair() { socketpair(AF_UNIX, SOCK_STREAM, 0, fds); }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2] = {-1, -1};
};

TEST(SocketDeadline, ABlockedReadEndsAtTheDeadline) {
  SocketPair pair;
  SocketDeadline deadline(pair.fds[0], 200ms);
  const auto start = std::chrono::steady_clock::now();
  char byte;
  EXPECT_EQ(::read(pair.fds[0], &byte, 1), 0) << "the read ends as at end of stream";
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, testing::scaledDeadline(2s));
  EXPECT_TRUE(deadline.release()) << "release says it was cut";
}

TEST(SocketDeadline, AConnectionReleasedInTimeIsLeftAlone) {
  SocketPair pair;
  {
    SocketDeadline deadline(pair.fds[0], 100ms);
    EXPECT_FALSE(deadline.release());
  }
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(::write(pair.fds[1], "x", 1), 1);
  char byte = 0;
  EXPECT_EQ(::read(pair.fds[0], &byte, 1), 1) << "shut down although it was released";
  EXPECT_EQ(byte, 'x');
}

}  // namespace
}  // namespace renkei::mynumber

// The port the integration tests reserve for servers they start later (a gateway, a
// federation listener): held against everyone else, open to a server that sets SO_REUSEADDR.
#include "tests/support/reserved_port.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace renkei::testing {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// 0 when a socket (with SO_REUSEADDR if asked) binds and listens on `port`, errno otherwise.
int listenOn(int port, bool reuse_address, int& fd) {
  fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (reuse_address) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const sockaddr_in addr = loopback(port);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 4) != 0)
    return errno;
  return 0;
}

int connectTo(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in addr = loopback(port);
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int error = rc == 0 ? 0 : errno;
  close(fd);
  return error;
}

TEST(ReservedPort, NobodyListensOnItUntilAServerDoes) {
  const int port = reservedLoopbackPort();
  ASSERT_GT(port, 0);
  EXPECT_EQ(connectTo(port), ECONNREFUSED);
}

TEST(ReservedPort, AServerWithReuseAddressListensOnIt) {
  const int port = reservedLoopbackPort();
  int server = -1;
  ASSERT_EQ(listenOn(port, true, server), 0);
  EXPECT_EQ(connectTo(port), 0);
  close(server);
}

TEST(ReservedPort, ABindWithoutReuseAddressCannotTakeIt) {
  const int port = reservedLoopbackPort();
  int other = -1;
  EXPECT_EQ(listenOn(port, false, other), EADDRINUSE);
  close(other);
}

TEST(ReservedPort, EachReservationIsADifferentPort) {
  const int first = reservedLoopbackPort();
  const int second = reservedLoopbackPort();
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace renkei::testing

#pragma once
// A loopback TCP port kept for a server a test starts later (a gateway, a federation listener,
// an admin port), or for a subscriber that must stay down.
//
// Asking the kernel for a free port and closing the probe leaves a window in which another
// process of a parallel test run (a connect's ephemeral port, a bind to port 0) takes the port,
// and the server then fails with "Address already in use" (it happened in CI). Here the probe
// stays bound, not listening, with SO_REUSEADDR: the kernel hands the port to no ephemeral
// allocation and to no bind without SO_REUSEADDR, while our servers, which all set
// SO_REUSEADDR, can still bind and listen on it. A connection to the port is refused until a
// server listens, as for any free port.
//
// The probe is held until the test process exits (ctest runs each test in a process of its
// own) and is not inherited by the processes the test starts.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace renkei::testing {

inline int reservedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    close(fd);
    throw std::runtime_error("cannot reserve a loopback port: " + why);
  }
  return ntohs(addr.sin_port);  // fd stays open on purpose: it is the reservation
}

}  // namespace renkei::testing

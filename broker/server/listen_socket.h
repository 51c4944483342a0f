#pragma once
// A non-blocking listening TCP socket on host:port (IPv4 or IPv6 literal, or a name resolved
// once at start), with SO_REUSEADDR so a restarted broker can bind while old connections linger.
#include <string>

namespace renkei {

struct ListenSocket {
  int fd = -1;
  int port = 0;  // the bound port (useful when asked for port 0)
};

// Throws std::runtime_error naming `what`, the address and the reason when it cannot listen.
ListenSocket openListenSocket(const std::string& what, const std::string& host, int port,
                              int backlog);

// Raises the soft limit on open files to the hard limit: thousands of keep-alive connections
// need more than the usual 1024 descriptors. Returns the limit now in force.
long raiseOpenFileLimit();

}  // namespace renkei

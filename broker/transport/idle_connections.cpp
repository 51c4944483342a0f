#include "broker/transport/idle_connections.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace renkei {
namespace {

// An idle connection has nothing to read: end of stream means the unit closed it (its own
// keep-alive timeout), and stray bytes would be taken for the next answer. Either way it is
// of no use. One non-blocking peek, no wait.
bool stillOpen(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

IdleConnections::~IdleConnections() {
  for (const Idle& idle : idle_) ::close(idle.fd);
}

int IdleConnections::take(const std::string& origin) {
  std::vector<int> dead;
  int found = -1;
  {
    std::lock_guard lock(mutex_);
    for (auto it = idle_.begin(); it != idle_.end();) {
      if (it->origin != origin) {
        ++it;
        continue;
      }
      const int fd = it->fd;
      it = idle_.erase(it);
      if (stillOpen(fd)) {
        found = fd;
        break;
      }
      dead.push_back(fd);
    }
  }
  for (int fd : dead) ::close(fd);
  return found;
}

void IdleConnections::give(const std::string& origin, int fd) {
  int evicted = -1;
  {
    std::lock_guard lock(mutex_);
    idle_.push_front(Idle{origin, fd});
    if (idle_.size() > max_idle_) {
      evicted = idle_.back().fd;
      idle_.pop_back();
    }
  }
  if (evicted >= 0) ::close(evicted);
}

std::size_t IdleConnections::idleCount() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace renkei

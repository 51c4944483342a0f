#include "broker/transport/idle_connections.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

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
  // One descriptor at a time out of the list, then the peek outside the lock: every forward
  // comes here, and a system call under the lock made the workers queue behind each other.
  for (;;) {
    int fd = -1;
    {
      std::lock_guard lock(mutex_);
      for (auto it = idle_.begin(); it != idle_.end(); ++it) {
        if (it->origin == origin) {
          fd = it->fd;
          idle_.erase(it);
          break;
        }
      }
    }
    if (fd < 0 || stillOpen(fd)) return fd;
    ::close(fd);
  }
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

#pragma once
// Kept-alive TCP connections to units, idle between two forwards, filed by origin. A forward
// takes the most recently used one of its origin (the one least likely to have been closed by
// the unit meanwhile) and gives it back after a clean answer. The lock is held only to move a
// descriptor, never during I/O. Beyond max_idle, the least recently used connection is closed.
#include <cstddef>
#include <list>
#include <mutex>
#include <string>

namespace renkei {

class IdleConnections {
 public:
  explicit IdleConnections(std::size_t max_idle) : max_idle_(max_idle) {}
  ~IdleConnections();
  IdleConnections(const IdleConnections&) = delete;
  IdleConnections& operator=(const IdleConnections&) = delete;

  // An idle connection to this origin that the unit has not closed, or -1. The caller owns it.
  int take(const std::string& origin);
  // Files a connection that may carry another request; the pool owns it from now on.
  void give(const std::string& origin, int fd);
  std::size_t idleCount() const;

 private:
  struct Idle {
    std::string origin;
    int fd;
  };
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::list<Idle> idle_;  // most recently used first
};

}  // namespace renkei

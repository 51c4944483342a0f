#include "adapters/mynumber/socket_deadlines.h"

#include <sys/socket.h>

namespace renkei::mynumber {

SocketDeadlines::SocketDeadlines(std::chrono::milliseconds within)
    : within_(within), thread_([this] { run(); }) {}

SocketDeadlines::~SocketDeadlines() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  thread_.join();
}

uint64_t SocketDeadlines::watch(int fd) {
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    watched_[id] = {fd, std::chrono::steady_clock::now() + within_};
  }
  changed_.notify_one();
  return id;
}

bool SocketDeadlines::forget(uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = watched_.find(id);
  if (it == watched_.end()) return false;
  const bool cut = it->second.cut;
  watched_.erase(it);
  return cut;
}

void SocketDeadlines::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::hours(1);
    // Every connection has the same allowance, so the oldest ids are the first due.
    for (auto& [id, watched] : watched_) {
      if (watched.cut) continue;
      if (watched.deadline > now) {
        next = watched.deadline;
        break;
      }
      // Under the lock: the serving thread cannot have closed the descriptor (forget first).
      ::shutdown(watched.fd, SHUT_RDWR);
      watched.cut = true;
    }
    changed_.wait_until(lock, next);
  }
}

}  // namespace renkei::mynumber

#include "adapters/mynumber/connection_slots.h"

namespace renkei::mynumber {

ConnectionSlots::ConnectionSlots(int max_total, int max_per_peer)
    : max_total_(max_total < 1 ? 1 : max_total),
      max_per_peer_(max_per_peer < 1 ? 1 : max_per_peer) {}

void ConnectionSlots::waitForFree() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return taken_ < max_total_; });
}

bool ConnectionSlots::take(const std::string& peer) {
  std::lock_guard lock(mutex_);
  int& held = by_peer_[peer];
  if (held >= max_per_peer_ || taken_ >= max_total_) {
    if (held == 0) by_peer_.erase(peer);
    return false;
  }
  ++held;
  ++taken_;
  return true;
}

void ConnectionSlots::give(const std::string& peer) {
  {
    std::lock_guard lock(mutex_);
    --taken_;
    if (auto it = by_peer_.find(peer); it != by_peer_.end() && --it->second <= 0) {
      by_peer_.erase(it);
    }
  }
  freed_.notify_one();
}

}  // namespace renkei::mynumber

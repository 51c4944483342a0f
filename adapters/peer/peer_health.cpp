#include "adapters/peer/peer_health.h"

namespace renkei::peer {

void PeerHealth::setConnected(bool connected) {
  std::lock_guard lock(mutex_);
  connected_ = connected;
  // A fresh connection is a fresh start: the peer came back, let calls try it at once.
  if (connected) {
    consecutive_failures_ = 0;
    open_until_ = {};
  }
}

bool PeerHealth::connected() const {
  std::lock_guard lock(mutex_);
  return connected_;
}

std::string PeerHealth::refusal(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (!connected_) return "not connected";
  if (now < open_until_) {
    return "failing (" + std::to_string(consecutive_failures_) +
           " calls in a row without an answer); calls resume in " +
           std::to_string(
               std::chrono::duration_cast<std::chrono::milliseconds>(open_until_ - now).count()) +
           " ms";
  }
  return "";
}

void PeerHealth::succeeded() {
  std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  open_until_ = {};
}

void PeerHealth::failed(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (++consecutive_failures_ >= breaker_failures_) open_until_ = now + open_for_;
}

}  // namespace renkei::peer

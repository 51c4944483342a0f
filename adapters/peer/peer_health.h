#pragma once
// A peer's health as calls see it: whether its connection is up (from the socket monitor) and a
// small circuit breaker over recent failures, so that while a peer is down or not answering its
// callers fail at once (Server.PeerUnavailable) instead of each waiting out its deadline.
#include <chrono>
#include <mutex>
#include <string>

namespace renkei::peer {

class PeerHealth {
 public:
  using Clock = std::chrono::steady_clock;
  PeerHealth(int breaker_failures, std::chrono::milliseconds open_for)
      : breaker_failures_(breaker_failures), open_for_(open_for) {}

  void setConnected(bool connected);
  bool connected() const;
  // Empty when a call may go; otherwise why not ("not connected", "breaker open ...").
  std::string refusal(Clock::time_point now) const;
  void succeeded();
  void failed(Clock::time_point now);

 private:
  const int breaker_failures_;
  const std::chrono::milliseconds open_for_;
  mutable std::mutex mutex_;
  bool connected_ = false;
  int consecutive_failures_ = 0;
  Clock::time_point open_until_{};
};

}  // namespace renkei::peer

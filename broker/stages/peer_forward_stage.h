#pragma once
// Forward to a receiver hosted by a federation peer (route stage set exchange.receiver_peer):
// the original bytes go over the peer transport with the exchange's remaining time, and the
// peer broker's own pipeline answers. Its answer passes on like a local unit's (the response
// check follows); its refusal becomes this broker's refusal with the same code, so a caller
// sees Client.LinkNotRegistered whichever broker found the link missing. No connection, no
// answer, or an open breaker: Server.PeerUnavailable at once, never a wait on a dead line.
// Exchanges for local receivers pass through untouched (the forward stage takes them).
#include <chrono>

#include "broker/core/stage.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei {

class PeerForwardStage : public Stage {
 public:
  PeerForwardStage(PeerForwarder& peers, std::chrono::milliseconds timeout)
      : peers_(peers), timeout_(timeout) {}
  std::string_view name() const override { return "peer_forward"; }
  StageResult process(Exchange& exchange) override;

 private:
  PeerForwarder& peers_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace renkei

#pragma once
// A request that a peer broker sent (adapters/peer) runs through this broker's own full
// pipeline, like one from a local unit: parse, header check, authenticate (the sender must be a
// unit that peer hosts), schema, authorize against this broker's registry, audit, forward to the
// local unit. The end-to-end deadline it carries bounds the forward; one already past is refused
// (and audited) without forwarding.
#include "broker/core/pipeline.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei {

class PeerExchangeHandler : public PeerCallHandler {
 public:
  explicit PeerExchangeHandler(Pipeline& pipeline) : pipeline_(pipeline) {}
  PeerAnswer handle(const std::string& from_peer, PeerCall call) override;

 private:
  Pipeline& pipeline_;
};

}  // namespace renkei

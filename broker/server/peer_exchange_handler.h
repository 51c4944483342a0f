#pragma once
// A request that a peer broker sent (adapters/peer) runs through this broker's own full
// pipeline, like one from a local unit: parse, header check, authenticate (the sender must be a
// unit that peer hosts), schema, authorize against this broker's registry, audit, forward to the
// local unit. The end-to-end deadline it carries bounds the forward; one already past is refused
// (and audited) without forwarding. The pipeline is the serving generation's current when the
// call arrives, as for the unit-facing listener.
#include "broker/server/serving_slot.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei {

class PeerExchangeHandler : public PeerCallHandler {
 public:
  explicit PeerExchangeHandler(const ServingSlot& serving) : serving_(serving) {}
  PeerAnswer handle(const std::string& from_peer, PeerCall call) override;

 private:
  const ServingSlot& serving_;
};

}  // namespace renkei

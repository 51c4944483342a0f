#pragma once
// A notification copy for a unit hosted by a peer broker (federation, store-and-forward): what
// travels over the peer link, and how the peer's answer decides the copy's fate. The peer
// answers `ok` only after its own outbox committed the copy, so `ok` hands the copy over: this
// broker marks it done and the peer owns delivery to its unit from then on.
#include <cstdint>
#include <string>

#include "broker/core/fault_code.h"
#include "broker/notify/outbox_types.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei {

// The post's original bytes, addressed to the one subscriber `delivery` is for (the header
// inside still reads TENANT/subscribers when it was posted to every subscriber).
PeerCall peerCallForCopy(const OutboxDelivery& delivery, const OutboxNotification& notification,
                         int64_t deadline_unix_ms);

struct PeerDeliveryVerdict {
  bool acknowledged = false;
  // No retry can succeed until an operator changes something: the peer refused the copy in its
  // own pipeline (a Client.* fault: link not registered there, sender not hosted here, ...).
  bool final = false;
  FaultCode code = FaultCode::kInternal;
  std::string error;  // for last_error, the log and `renkei deliveries show`
};

// Retried (backoff, counted attempts): the peer unreachable, slow or overloaded, or refusing
// with a Server.* fault (its store or audit trail down, its own overload). Final: a Client.*
// fault, or a status this broker does not know.
PeerDeliveryVerdict judgePeerAnswer(const std::string& peer, const PeerAnswer& answer);

}  // namespace renkei

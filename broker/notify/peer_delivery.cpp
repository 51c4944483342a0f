#include "broker/notify/peer_delivery.h"

#include <optional>

namespace renkei {

PeerCall peerCallForCopy(const OutboxDelivery& d, const OutboxNotification& n,
                         int64_t deadline_unix_ms) {
  PeerCall call;
  call.message_id = n.message_id;
  call.deadline_unix_ms = deadline_unix_ms;
  call.sender = n.sender;
  call.receiver = d.receiver;  // the peer's pipeline reads this as the copy's one subscriber
  call.service_name = n.topic;
  call.service_version = n.topic_version;
  call.content_type = n.content_type;
  call.soap_action = n.soap_action;
  call.body = n.body;
  return call;
}

PeerDeliveryVerdict judgePeerAnswer(const std::string& peer, const PeerAnswer& answer) {
  PeerDeliveryVerdict verdict;
  const std::string who = "peer broker " + peer;
  switch (answer.outcome) {
    case PeerAnswer::kAnswered:
      break;
    case PeerAnswer::kOverloaded:
      verdict.code = FaultCode::kOverloaded;
      verdict.error = who + " is overloaded: " + answer.error;
      return verdict;
    case PeerAnswer::kUnavailable:
    case PeerAnswer::kTimeout:
      // A timeout may come after the peer committed the copy: sending it again is safe, the
      // peer's outbox keeps one copy per receiver (OutboxStore::addPeerCopy).
      verdict.code = FaultCode::kPeerUnavailable;
      verdict.error = who + " is unavailable: " + answer.error;
      return verdict;
  }
  if (answer.status == kPeerStatusOk) {
    if (answer.http_status == 200) {
      verdict.acknowledged = true;
      return verdict;
    }
    verdict.code = FaultCode::kInvalidResponse;
    verdict.error = who + " answered ok with HTTP " + std::to_string(answer.http_status);
    return verdict;
  }
  const std::optional<FaultCode> code = faultCodeNamed(answer.status);
  verdict.error = who + " refused the copy: " + answer.status + ": " + answer.reason;
  if (!code) {
    verdict.code = FaultCode::kInvalidResponse;
    verdict.final = true;
    return verdict;
  }
  verdict.code = *code;
  verdict.final = answer.status.rfind("Client.", 0) == 0;
  return verdict;
}

}  // namespace renkei

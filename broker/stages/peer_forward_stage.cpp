#include "broker/stages/peer_forward_stage.h"

#include <algorithm>
#include <optional>
#include <string>

#include "broker/core/blocking_wait.h"

namespace renkei {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The peer must be able to answer, even with its own timeout fault, before this broker stops
// waiting: the deadline sent along is this much earlier than the one waited for.
milliseconds hopMargin(milliseconds left) { return std::min(milliseconds(100), left / 10); }

int64_t unixMillisIn(milliseconds from_now) {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch() + from_now)
      .count();
}

}  // namespace

StageResult PeerForwardStage::process(Exchange& exchange) {
  if (exchange.receiver_peer.empty()) return StageResult::proceed();
  if (!exchange.header || !exchange.receiver) {
    return StageResult::refuse(FaultCode::kInternal, "peer forward reached without a header");
  }
  const std::string& peer = exchange.receiver_peer;
  Clock::time_point deadline = exchange.started + timeout_;
  if (exchange.request.deadline) deadline = std::min(deadline, *exchange.request.deadline);
  const auto left = std::chrono::floor<milliseconds>(deadline - Clock::now());
  if (left <= milliseconds(0)) {
    return StageResult::refuse(FaultCode::kReceiverTimeout,
                               "receiver " + exchange.receiver->id +
                                   " was not called: the exchange's deadline passed first");
  }
  const PlatformHeader& header = *exchange.header;
  PeerCall call;
  call.message_id = header.message_id;
  call.deadline_unix_ms = unixMillisIn(left - hopMargin(left));
  call.sender = header.sender;
  call.receiver = header.receiver;
  call.service_name = header.service_name;
  call.service_version = header.service_version;
  call.content_type = exchange.request.content_type;
  call.soap_action = exchange.request.soap_action;
  call.body = exchange.forward_body ? *exchange.forward_body : exchange.request.body;

  exchange.forwarded = true;
  PeerAnswer answer = [&] {
    BlockingWait waiting;  // the peer runs a whole exchange before it answers
    return peers_.call(peer, call, deadline);
  }();
  const std::string who = "peer broker " + peer;
  switch (answer.outcome) {
    case PeerAnswer::kAnswered:
      break;
    case PeerAnswer::kOverloaded:
      return StageResult::refuse(FaultCode::kOverloaded, who + ": " + answer.error);
    case PeerAnswer::kUnavailable:
    case PeerAnswer::kTimeout:
      return StageResult::refuse(
          FaultCode::kPeerUnavailable,
          who + " (hosting " + exchange.receiver->id + ") is unavailable: " + answer.error);
  }
  if (answer.status != kPeerStatusOk) {
    const std::optional<FaultCode> code = faultCodeNamed(answer.status);
    if (!code) {
      return StageResult::refuse(FaultCode::kInvalidResponse,
                                 who + " answered with an unknown status");
    }
    return StageResult::refuse(*code, who + ": " + answer.reason);
  }
  exchange.response_http_status = answer.http_status;
  exchange.response_content_type = std::move(answer.content_type);
  exchange.response_body = std::move(answer.body);
  return StageResult::proceed();
}

}  // namespace renkei

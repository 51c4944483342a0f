#include "broker/server/peer_exchange_handler.h"

#include <algorithm>
#include <chrono>

namespace renkei {
namespace {

int64_t unixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PeerAnswer PeerExchangeHandler::handle(const std::string& from_peer, PeerCall call) {
  HttpRequest request;
  request.method = "POST";
  // The service's own address, as the sending broker's endpoint check has seen it.
  request.path = "/services/" + call.service_name;
  request.content_type = std::move(call.content_type);
  request.soap_action = std::move(call.soap_action);
  request.body = std::move(call.body);
  // What the audit record shows as the caller: the authenticated peer, never an address a
  // plain (loopback) policy could be judged on.
  request.peer = "peer:" + from_peer;
  request.via_peer = from_peer;
  request.peer_receiver = std::move(call.receiver);
  const auto now = std::chrono::steady_clock::now();
  request.received_at = now;
  // A deadline already past still runs the pipeline: the forward stage refuses it
  // (Server.ReceiverTimeout) without calling the unit, and the audit record then names the
  // message, sender, receiver and link, which a refusal before parsing could not.
  // Clamped: the value comes from another machine, and nanosecond time points overflow past
  // a few centuries; the broker's own timeout bounds the rest anyway.
  const int64_t left_ms =
      std::clamp<int64_t>(call.deadline_unix_ms - unixMillisNow(), -3600 * 1000, 3600 * 1000);
  request.deadline = now + std::chrono::milliseconds(left_ms);
  HttpReply reply = serving_.current()->pipeline->run(std::move(request));
  PeerAnswer answer;
  answer.outcome = PeerAnswer::kAnswered;
  answer.status = reply.fault ? std::string(faultSpec(reply.fault->code).name) : kPeerStatusOk;
  if (reply.fault) answer.reason = reply.fault->reason;
  answer.http_status = reply.status;
  answer.content_type = std::move(reply.content_type);
  answer.body = std::move(reply.body);
  return answer;
}

}  // namespace renkei

#include "broker/stages/forward_stage.h"

#include <algorithm>
#include <any>
#include <optional>
#include <string>

#include "broker/stages/forward_answer.h"
#include "broker/transport/receiver_guards.h"

namespace renkei {
namespace {

using Clock = ReceiverGuard::Clock;
using std::chrono::milliseconds;

// A caller that got its slot with less than this left would only send the unit a request whose
// answer it cannot wait for.
constexpr milliseconds kMinForwardBudget{20};

ReceiverVerdict verdictOf(const ForwardResult& answer, bool answer_rejected) {
  switch (answer.outcome) {
    case ForwardResult::kAnswered:
      // A SOAP Fault from the unit is an answer: the unit works. Only a broken answer counts.
      return answer_rejected ? ReceiverVerdict::kFailed : ReceiverVerdict::kHealthy;
    case ForwardResult::kError:
      return ReceiverVerdict::kNeutral;  // the broker's own problem, not the unit's
    default:
      return ReceiverVerdict::kFailed;
  }
}

}  // namespace

ForwardStage::ForwardStage(HttpForwarder& forwarder, ReceiverGuard& guard, milliseconds timeout)
    : forwarder_(forwarder), guard_(guard), timeout_(timeout) {}

ForwardStage::ForwardStage(HttpForwarder& forwarder)
    : forwarder_(forwarder),
      own_guard_(std::make_unique<ReceiverGuards>()),
      guard_(*own_guard_),
      timeout_(forwarder.timeout().count() > 0 ? forwarder.timeout() : kDefaultTimeout) {}

ForwardStage::~ForwardStage() = default;

// In the words of the exchange's deadline, which the caller knows, rather than of the rest of
// it that the transfer had.
std::string ForwardStage::timeoutCause(const ForwardResult& answer, milliseconds left) const {
  if (answer.error.rfind("no connection", 0) == 0) return answer.error;
  const milliseconds before = timeout_ - left;
  return "no answer within the exchange's " + std::to_string(timeout_.count()) + " ms deadline" +
         (before >= milliseconds(100)
              ? " (" + std::to_string(before.count()) + " ms of it passed before forwarding)"
              : "");
}

StageResult ForwardStage::process(Exchange& exchange) {
  if (!exchange.receiver) {
    return StageResult::refuse(FaultCode::kInternal,
                               "forward stage reached without a resolved receiver unit");
  }
  // The route stage sent it to a federation peer; the peer forward stage has answered it.
  if (!exchange.receiver_peer.empty()) return StageResult::proceed();
  const Unit& receiver = *exchange.receiver;
  if (receiver.endpoint.empty()) {
    return StageResult::refuse(FaultCode::kReceiverUnavailable,
                               "receiver " + receiver.id + " has no endpoint registered");
  }
  Clock::time_point deadline = exchange.started + timeout_;
  // A request from a peer broker carries what is left of the exchange's end-to-end deadline.
  if (exchange.request.deadline) deadline = std::min(deadline, *exchange.request.deadline);
  // Formatted only when needed: an exchange that is forwarded formats no refusal text.
  const auto too_late = [&] {
    return "receiver " + receiver.id + " was not called: the exchange's " +
           std::to_string(timeout_.count()) + " ms deadline passed before it could be forwarded";
  };
  if (Clock::now() >= deadline) {
    return StageResult::refuse(FaultCode::kReceiverTimeout, too_late());
  }

  ReceiverAdmission admission;
  if (auto* decided = std::any_cast<ReceiverAdmission>(&exchange.parked_result)) {
    // Resumed: the guard has decided while the exchange was parked.
    admission = std::move(*decided);
    exchange.parked_result.reset();
  } else if (exchange.resume) {
    // Wait for a slot without holding this thread: the exchange parks in the receiver's queue
    // and goes on from here when the guard decides (Exchange::resume).
    // exchange.resume stays set, and keeps the exchange alive, for as long as it is parked.
    std::optional<ReceiverAdmission> now =
        guard_.enterOrPark(receiver.id, deadline, [&exchange](ReceiverAdmission later) {
          exchange.parked_result = std::move(later);
          exchange.resume();
        });
    if (!now) return StageResult::park();
    admission = std::move(*now);
  } else {
    admission = guard_.enter(receiver.id, deadline);
  }
  if (!admission.admitted()) {
    // A full queue is the broker shedding load for that receiver: retryable, so 503 with
    // Retry-After like any overload; an open breaker means the unit itself is failing.
    FaultCode code = FaultCode::kReceiverUnavailable;
    if (admission.refusal == ReceiverAdmission::kQueueTimeout) code = FaultCode::kReceiverTimeout;
    if (admission.refusal == ReceiverAdmission::kQueueFull) code = FaultCode::kOverloaded;
    return StageResult::refuse(code, admission.reason);
  }
  const auto left = std::chrono::floor<milliseconds>(deadline - Clock::now());
  if (left < kMinForwardBudget) {
    guard_.leave(receiver.id, admission, ReceiverVerdict::kNeutral, "");
    return StageResult::refuse(FaultCode::kReceiverTimeout, too_late());
  }

  ForwardRequest request;
  request.url = receiver.endpoint;
  request.content_type = exchange.request.content_type;
  // SOAP 1.2 carries the action inside Content-Type, which is passed on unchanged.
  if (exchange.soap_version == SoapVersion::k11) request.soap_action = exchange.request.soap_action;
  request.body = exchange.forward_body ? *exchange.forward_body : exchange.request.body;
  request.timeout_ms = static_cast<long>(left.count());

  exchange.forwarded = true;
  ForwardResult answer = forwarder_.post(request);
  const std::string rejected =
      answer.outcome == ForwardResult::kAnswered ? rejectAnswer(answer, exchange.soap_version) : "";
  // The endpoint and libcurl's own words are for the operator's log only; the breaker reads
  // them only for a failure, so a healthy answer formats nothing.
  const ReceiverVerdict verdict = verdictOf(answer, !rejected.empty());
  guard_.leave(receiver.id, admission, verdict,
               verdict != ReceiverVerdict::kFailed
                   ? std::string()
                   : (rejected.empty() ? answer.error : rejected) + " at " + receiver.endpoint +
                         (answer.detail.empty() ? "" : " (" + answer.detail + ")"));

  const std::string who = "receiver " + receiver.id;
  switch (answer.outcome) {
    case ForwardResult::kAnswered:
      break;
    case ForwardResult::kUnavailable:
      return StageResult::refuse(FaultCode::kReceiverUnavailable,
                                 who + " is unavailable: " + answer.error);
    case ForwardResult::kTimeout:
      return StageResult::refuse(FaultCode::kReceiverTimeout,
                                 who + " timed out: " + timeoutCause(answer, left));
    case ForwardResult::kTooLarge:
    case ForwardResult::kMalformedAnswer:
      return StageResult::refuse(FaultCode::kInvalidResponse, who + ": " + answer.error);
    case ForwardResult::kError:
      return StageResult::refuse(FaultCode::kInternal,
                                 "cannot forward to " + who + ": " + answer.error);
  }
  if (!rejected.empty())
    return StageResult::refuse(FaultCode::kInvalidResponse, who + " " + rejected);
  exchange.response_http_status = answer.http_status;
  exchange.response_content_type = std::move(answer.content_type);
  exchange.response_body = std::move(answer.body);
  return StageResult::proceed();
}

}  // namespace renkei

#pragma once
// Sends the request, byte for byte as received, to the receiving unit and takes its answer.
// Passes through what SOAP allows as an answer (forward_answer.h); every other outcome becomes a
// Server.* fault naming the receiver unit, never its endpoint (faults go to the calling unit).
//
// The exchange has one deadline, started + timeout, covering the wait for a slot at the
// receiver (ReceiverGuard: bulkhead and circuit breaker) and the forward itself: the transfer
// gets only what is left of it.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "broker/core/stage.h"
#include "broker/transport/http_forwarder.h"
#include "broker/transport/receiver_guard.h"

namespace renkei {

class ForwardStage : public Stage {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{10000};

  ForwardStage(HttpForwarder& forwarder, ReceiverGuard& guard, std::chrono::milliseconds timeout);
  // With its own guard at the default limits (ReceiverLimits{}) and the forwarder's timeout
  // (kDefaultTimeout when it has none).
  explicit ForwardStage(HttpForwarder& forwarder);
  ~ForwardStage() override;

  std::string_view name() const override { return "forward"; }
  StageResult process(Exchange& exchange) override;

 private:
  std::string timeoutCause(const ForwardResult& answer, std::chrono::milliseconds left) const;

  HttpForwarder& forwarder_;
  std::unique_ptr<ReceiverGuard> own_guard_;
  ReceiverGuard& guard_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace renkei

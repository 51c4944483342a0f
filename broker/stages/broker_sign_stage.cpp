#include "broker/stages/broker_sign_stage.h"

#include "broker/xml/parsed_envelope.h"

namespace renkei {

StageResult BrokerSignStage::process(Exchange& exchange) {
  if (!exchange.envelope) {
    return StageResult::refuse(FaultCode::kInternal, "broker signing ran before the parse stage");
  }
  std::string error;
  auto signed_bytes = signer_.sign(*exchange.envelope, error);
  // The broker's key failing is the broker's fault; nothing is forwarded unsigned instead.
  if (!signed_bytes) return StageResult::refuse(FaultCode::kInternal, error);
  exchange.forward_body = std::move(*signed_bytes);
  return StageResult::proceed();
}

}  // namespace renkei

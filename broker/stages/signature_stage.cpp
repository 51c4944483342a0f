#include "broker/stages/signature_stage.h"

#include "broker/xml/parsed_envelope.h"

namespace renkei {

StageResult SignatureStage::process(Exchange& exchange) {
  if (!exchange.envelope || !exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "signature check ran before the parse and header stages");
  }
  wssec::VerifyResult result = verifier_.verify(*exchange.envelope, *exchange.header);
  if (result.fault) return StageResult::refuse(std::move(*result.fault));
  if (result.unit) exchange.signed_by_unit = std::move(result.unit);
  return StageResult::proceed();
}

}  // namespace renkei

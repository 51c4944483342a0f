#include "broker/stages/signature_stage.h"

#include "broker/wssec/wssec_names.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {

bool carriesSecurityHeader(const xml::EnvelopeFacts& envelope) {
  for (const auto& block : envelope.header_blocks) {
    if (block.ns == wssec::kWsseNs && block.local == "Security") return true;
  }
  return false;
}

StageResult SignatureStage::process(Exchange& exchange) {
  if (!exchange.envelope_facts || !exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "signature check ran before the parse and header stages");
  }
  if (!carriesSecurityHeader(*exchange.envelope_facts)) return StageResult::proceed();
  if (!exchange.envelope) {
    return StageResult::refuse(FaultCode::kInternal,
                               "signature check ran on a message whose DOM was not built");
  }
  wssec::VerifyResult result = verifier_.verify(*exchange.envelope, *exchange.header);
  if (result.fault) return StageResult::refuse(std::move(*result.fault));
  if (result.unit) exchange.signed_by_unit = std::move(result.unit);
  return StageResult::proceed();
}

}  // namespace renkei

#include "broker/stages/sensitive_values_stage.h"

#include "broker/xml/parsed_envelope.h"

namespace renkei {

StageResult SensitiveValuesStage::process(Exchange& exchange) {
  if (exchange.envelope) {
    exchange.sensitive_values = elements_.valuesUnder(exchange.envelope->envelopeElement());
  }
  return StageResult::proceed();
}

}  // namespace renkei

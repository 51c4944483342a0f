#pragma once
// Right after the parse: collects the text of the configured sensitive elements into
// exchange.sensitive_values, so that whatever the later stages say about this message is masked
// with them. Only in the chain when <privacy> names elements.
#include "broker/core/stage.h"
#include "broker/xml/sensitive_elements.h"

namespace renkei {

class SensitiveValuesStage : public Stage {
 public:
  explicit SensitiveValuesStage(const xml::SensitiveElements& elements) : elements_(elements) {}
  std::string_view name() const override { return "sensitive_values"; }
  StageResult process(Exchange& exchange) override;

 private:
  const xml::SensitiveElements& elements_;
};

}  // namespace renkei

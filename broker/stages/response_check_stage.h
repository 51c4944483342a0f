#pragma once
// Validates the receiver's answer before it goes back to the caller: well-formed, a SOAP
// envelope, valid against the schemas, and its body root the service's response element or a
// SOAP Fault (a receiver's fault is a legitimate answer and passes through).
#include <string_view>

#include "broker/core/stage.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

class ResponseCheckStage : public Stage {
 public:
  ResponseCheckStage(const xml::SchemaSet& schemas, xml::ParserLimits limits)
      : schemas_(schemas), limits_(limits) {}
  std::string_view name() const override { return "response_check"; }
  StageResult process(Exchange& exchange) override;

 private:
  const xml::SchemaSet& schemas_;
  xml::ParserLimits limits_;
};

}  // namespace renkei

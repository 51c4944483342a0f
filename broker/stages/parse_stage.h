#pragma once
// Decides the SOAP version from Content-Type, parses the body with the hardened parser and checks
// the envelope's shape. Sets exchange.soap_version and exchange.envelope.
#include <optional>
#include <string_view>

#include "broker/core/soap_version.h"
#include "broker/core/stage.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

class ParseStage : public Stage {
 public:
  ParseStage(const xml::SchemaSet& schemas, xml::ParserLimits limits)
      : schemas_(schemas), limits_(limits) {}

  std::string_view name() const override { return "parse"; }
  StageResult process(Exchange& exchange) override;

 private:
  const xml::SchemaSet& schemas_;
  xml::ParserLimits limits_;
};

}  // namespace renkei

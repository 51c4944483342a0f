#pragma once
// Decides the SOAP version from Content-Type, checks the body with the hardened parser and the
// envelope's shape, and applies SOAP's mustUnderstand rule. Sets exchange.soap_version and
// exchange.envelope_facts, and exchange.envelope (the DOM) as the pipeline asks:
//
// - DomNeed::kAlways: the DOM is always built (signature checks, broker signing, sensitive
//   values and the personal-number guard walk it; the registry's ListAllowedServices reads it).
// - DomNeed::kToRefuse: the message is first checked by the validating streaming scan, which
//   costs about a third of building the DOM; when the scan finds it sound (no fault, no schema
//   issue) the facts come from the scan and no DOM is built. Anything else is parsed again into
//   a DOM, so a refusal says exactly what it says with kAlways. Stages that need the DOM later
//   on some exchanges (the outbox's subject) build it with DomStage.
#include <optional>
#include <string_view>

#include "broker/core/soap_version.h"
#include "broker/core/stage.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

class ParseStage : public Stage {
 public:
  enum class DomNeed { kAlways, kToRefuse };

  ParseStage(const xml::SchemaSet& schemas, xml::ParserLimits limits,
             DomNeed dom_need = DomNeed::kAlways)
      : schemas_(schemas), limits_(limits), dom_need_(dom_need) {}

  std::string_view name() const override { return "parse"; }
  StageResult process(Exchange& exchange) override;

 private:
  // True, with exchange.envelope_facts set, when the scan found the message sound.
  bool admitByScan(Exchange& exchange) const;
  StageResult parseIntoDom(Exchange& exchange, SoapVersion announced) const;

  const xml::SchemaSet& schemas_;
  xml::ParserLimits limits_;
  DomNeed dom_need_;
};

}  // namespace renkei

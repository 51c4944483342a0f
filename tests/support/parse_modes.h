#pragma once
// The parse stage's two ways of reading a request (ParseStage::DomNeed, parse_stage.h) must
// agree on everything a caller or a later stage can notice: admitted or refused, the fault's
// code, reason, element path, line and column, the SOAP version answered in, and what the
// routing stages read of the envelope. parseModesDisagree() runs one message both ways and
// says where they part; the unit test and the envelope fuzzer use it.
#include <sstream>
#include <string>

#include "broker/core/exchange.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/envelope_facts.h"

namespace renkei::test_support {

inline std::string describeFacts(const xml::EnvelopeFacts& f) {
  std::ostringstream out;
  out << "version=" << (f.version == SoapVersion::k12 ? "1.2" : "1.1") << " blocks=[";
  for (const auto& b : f.header_blocks) {
    out << "{" << b.ns << "}" << b.local << " mu='" << b.must_understand << "' role='" << b.role
        << "'; ";
  }
  out << "] platform=" << f.has_platform_header << " " << f.platform_header_path << " fields=[";
  for (const auto& [name, text] : f.platform_fields) out << name << "='" << text << "'; ";
  out << "] root={" << f.body_root_ns << "}" << f.body_root_local << " " << f.body_root_path
      << " declared=" << f.body_root_declared << " fault=" << f.is_fault
      << " issues=" << f.issues.size();
  for (const auto& i : f.issues) {
    out << " [" << i.line << ":" << i.column << " " << i.element_path << " " << i.message << "]";
  }
  return out.str();
}

inline std::string describeOutcome(const Exchange& exchange, const StageResult& result) {
  std::ostringstream out;
  out << "answered in " << (exchange.soap_version == SoapVersion::k12 ? "1.2" : "1.1") << "; ";
  if (result.ok()) {
    out << "admitted; "
        << (exchange.envelope_facts ? describeFacts(*exchange.envelope_facts) : "no facts");
  } else {
    const FaultInfo& f = *result.fault();
    out << "refused " << faultSpec(f.code).name << " '" << f.reason << "' at " << f.element_path
        << " " << f.line << ":" << f.column << " not understood=[";
    for (const auto& [ns, local] : f.not_understood) out << "{" << ns << "}" << local << "; ";
    out << "]";
  }
  return out.str();
}

// Empty when both modes agree on `body` sent with `content_type`; else both outcomes.
inline std::string parseModesDisagree(const xml::SchemaSet& schemas,
                                      const xml::ParserLimits& limits,
                                      const std::string& content_type, const std::string& body) {
  std::string outcome[2];
  const ParseStage::DomNeed needs[2] = {ParseStage::DomNeed::kAlways,
                                        ParseStage::DomNeed::kToRefuse};
  for (int i = 0; i < 2; ++i) {
    Exchange exchange;
    exchange.request.content_type = content_type;
    exchange.request.body = body;
    ParseStage stage(schemas, limits, needs[i]);
    const StageResult result = stage.process(exchange);
    outcome[i] = describeOutcome(exchange, result);
  }
  if (outcome[0] == outcome[1]) return {};
  return "with the DOM: " + outcome[0] + "\nstreamed:     " + outcome[1];
}

}  // namespace renkei::test_support

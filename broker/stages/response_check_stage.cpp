#include "broker/stages/response_check_stage.h"

#include <string>

#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {

namespace {

StageResult invalidResponse(std::string detail, const FaultInfo* cause = nullptr) {
  FaultInfo f;
  f.code = FaultCode::kInvalidResponse;
  f.reason = "the receiver's answer is invalid: " + detail;
  if (cause != nullptr) {
    f.element_path = cause->element_path;
    f.line = cause->line;
    f.column = cause->column;
  }
  return StageResult::refuse(std::move(f));
}

}  // namespace

StageResult ResponseCheckStage::process(Exchange& exchange) {
  if (!exchange.service) {
    return StageResult::refuse(FaultCode::kInternal, "response check ran without a service");
  }
  const ServiceDef& service = *exchange.service;

  auto& parser = xml::HardenedParser::forThisThread(schemas_, limits_);
  xml::ParseResult parsed = parser.parse(exchange.response_body);
  if (!parsed.ok()) return invalidResponse(parsed.fault->reason, &*parsed.fault);

  xml::EnvelopeResult built = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (built.fault) return invalidResponse(built.fault->reason, &*built.fault);
  const xml::ParsedEnvelope& envelope = *built.envelope;

  const auto* root = envelope.bodyRoot();
  if (!envelope.isFault()) {
    std::string expected = "{" + service.response_ns + "}" + service.response_element;
    if (!xml::isElement(root, service.response_ns, service.response_element)) {
      return invalidResponse("body root " + xml::qualifiedName(root) +
                             " is neither the response of service " + service.name + " v" +
                             service.version + " (" + expected + ") nor a SOAP Fault");
    }
    if (limits_.validate && !envelope.wasDeclared(root)) {
      return invalidResponse("no schema declares " + expected);
    }
  }
  if (!envelope.issues().empty()) {
    const xml::ValidationIssue& issue = envelope.issues().front();
    FaultInfo where;
    where.element_path = issue.element_path;
    where.line = issue.line;
    where.column = issue.column;
    return invalidResponse("schema violation at line " + std::to_string(issue.line) + ", column " +
                               std::to_string(issue.column) + " in " + issue.element_path + ": " +
                               issue.message,
                           &where);
  }
  return StageResult::proceed();
}

}  // namespace renkei

#include "broker/stages/response_check_stage.h"

#include <string>

#include "broker/xml/parser_pool.h"

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

  // A streaming scan, no DOM: only the shape, the body root and the issues are read here.
  const xml::ScannedEnvelope scanned =
      xml::lendEnvelopeScanner(schemas_, limits_)->scan(exchange.response_body);
  if (scanned.fault) return invalidResponse(scanned.fault->reason, &*scanned.fault);

  const xml::EnvelopeShape& shape = scanned.shape;
  exchange.unit_fault = shape.is_fault;
  if (!shape.is_fault) {
    const std::string expected = "{" + service.response_ns + "}" + service.response_element;
    if (shape.body_root_ns != service.response_ns ||
        shape.body_root_local != service.response_element) {
      return invalidResponse("body root {" + shape.body_root_ns + "}" + shape.body_root_local +
                             " is neither the response of service " + service.name + " v" +
                             service.version + " (" + expected + ") nor a SOAP Fault");
    }
    if (limits_.validate && !shape.body_root_declared) {
      return invalidResponse("no schema declares " + expected);
    }
  }
  if (!scanned.issues.empty()) {
    const xml::ValidationIssue& issue = scanned.issues.front();
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

#include "broker/notify/delivery_answer.h"

#include "broker/xml/envelope_scanner.h"

namespace renkei {
namespace {

DeliveryVerdict failed(FaultCode code, std::string error) {
  DeliveryVerdict verdict;
  verdict.code = code;
  verdict.error = std::move(error);
  return verdict;
}

}  // namespace

DeliveryVerdict judgeDeliveryAnswer(const ForwardResult& answer, const ServiceDef& topic,
                                    const xml::SchemaSet& schemas,
                                    const xml::ParserLimits& limits) {
  switch (answer.outcome) {
    case ForwardResult::kAnswered:
      break;
    case ForwardResult::kUnavailable:
      return failed(FaultCode::kReceiverUnavailable, "unavailable: " + answer.error);
    case ForwardResult::kTimeout:
      return failed(FaultCode::kReceiverTimeout, "timed out: " + answer.error);
    case ForwardResult::kTooLarge:
    case ForwardResult::kMalformedAnswer:
      return failed(FaultCode::kInvalidResponse, answer.error);
    case ForwardResult::kError:
      return failed(FaultCode::kInternal, "not sent: " + answer.error);
  }
  auto& scanner = xml::EnvelopeScanner::forThisThread(schemas, limits);
  const xml::ScannedEnvelope scanned = scanner.scan(answer.body);
  if (scanned.fault) {
    return failed(FaultCode::kInvalidResponse,
                  "answered HTTP " + std::to_string(answer.http_status) +
                      " with no valid SOAP envelope: " + scanned.fault->reason);
  }
  if (scanned.shape.is_fault) {
    return failed(FaultCode::kInvalidResponse,
                  "answered a SOAP Fault (HTTP " + std::to_string(answer.http_status) + ")");
  }
  if (answer.http_status != 200) {
    return failed(FaultCode::kInvalidResponse,
                  "answered HTTP " + std::to_string(answer.http_status));
  }
  if (scanned.shape.body_root_ns != topic.response_ns ||
      scanned.shape.body_root_local != topic.response_element) {
    return failed(FaultCode::kInvalidResponse,
                  "answered {" + scanned.shape.body_root_ns + "}" + scanned.shape.body_root_local +
                      ", not {" + topic.response_ns + "}" + topic.response_element);
  }
  if (!scanned.issues.empty()) {
    const xml::ValidationIssue& issue = scanned.issues.front();
    return failed(FaultCode::kInvalidResponse, "answer violates the schema at line " +
                                                   std::to_string(issue.line) + " in " +
                                                   issue.element_path);
  }
  DeliveryVerdict ok;
  ok.acknowledged = true;
  return ok;
}

}  // namespace renkei

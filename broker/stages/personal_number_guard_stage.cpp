#include "broker/stages/personal_number_guard_stage.h"

#include <algorithm>

#include "broker/mynumber/personal_number.h"
#include "broker/mynumber/personal_number_dom.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {
namespace {

constexpr std::size_t kDigits = 12;
constexpr std::string_view kMask = "************";

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// 1-based line and column (bytes) of `offset` in `text`.
void positionOf(std::string_view text, std::size_t offset, int& line, int& column) {
  line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
  const auto newline = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  column = static_cast<int>(newline == std::string_view::npos || offset == 0 ? offset + 1
                                                                             : offset - newline);
}

FaultInfo exposedFault(const std::vector<mynumber::PersonalNumberHit>& in_dom,
                       const std::vector<std::size_t>& in_bytes, std::string_view body) {
  FaultInfo fault;
  fault.code = FaultCode::kPersonalNumberExposed;
  std::string where;
  std::optional<std::size_t> offset;
  if (!in_dom.empty()) {
    const mynumber::PersonalNumberHit& first = in_dom.front();
    fault.element_path = first.element_path;
    where = "element " + first.element_path;
    if (!first.attribute.empty()) where += " (attribute " + first.attribute + ")";
    for (const std::size_t at : in_bytes) {
      if (body.substr(at, kDigits) == first.digits) {
        offset = at;
        break;
      }
    }
  } else {
    // Only in the markup: an element or attribute name, a namespace URI.
    where = "the markup";
    offset = in_bytes.front();
  }
  if (offset) {
    positionOf(body, *offset, fault.line, fault.column);
    where += " at line " + std::to_string(fault.line);
  }
  fault.reason = "a 個人番号 (" + std::string(kMask) + ") in " + where +
                 ": messages towards the My Number gateway name people by 宛名番号, never by "
                 "個人番号";
  return fault;
}

}  // namespace

StageResult PersonalNumberGuardStage::process(Exchange& exchange) {
  if (!exchange.envelope) return StageResult::proceed();
  const std::optional<std::string> receiver = exchange.envelope->headerField("Receiver");
  if (!receiver || trimmed(*receiver) != gateway_unit_) return StageResult::proceed();

  std::string& body = exchange.request.body;
  const auto in_dom = mynumber::personalNumbersUnder(exchange.envelope->envelopeElement());
  const auto in_bytes = mynumber::findPersonalNumbersOutsideUuids(body);
  if (in_dom.empty() && in_bytes.empty()) return StageResult::proceed();

  std::vector<std::string> numbers;
  for (const auto& hit : in_dom) numbers.push_back(hit.digits);
  for (const std::size_t at : in_bytes) numbers.push_back(body.substr(at, kDigits));
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());

  FaultInfo fault = exposedFault(in_dom, in_bytes, body);
  bool all_masked = true;
  for (const std::string& number : numbers) {
    all_masked = all_masked && body.find(number) != std::string::npos;
    for (auto at = body.find(number); at != std::string::npos; at = body.find(number, at)) {
      body.replace(at, kDigits, kMask);
    }
    exchange.sensitive_values.push_back(number);
  }
  // A number written with character references (&#49;…) is not in the bytes to be masked: then
  // the body is not kept at all (no archive copy, the digest of an empty body) rather than kept
  // with the number recoverable.
  if (!all_masked) body.clear();
  return StageResult::refuse(std::move(fault));
}

}  // namespace renkei

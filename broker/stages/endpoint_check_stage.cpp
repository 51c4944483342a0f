#include "broker/stages/endpoint_check_stage.h"

#include "broker/core/printable_text.h"

namespace renkei {
namespace {

constexpr std::string_view kServicesPrefix = "/services/";

// SOAPAction: "urn:x#Op" (quoted, as WS-I requires) and the SOAP 1.2 action parameter both
// arrive here; quotes and surrounding blanks are not part of the action.
std::string_view unquoted(std::string_view action) {
  while (!action.empty() && (action.front() == ' ' || action.front() == '\t')) {
    action.remove_prefix(1);
  }
  while (!action.empty() && (action.back() == ' ' || action.back() == '\t'))
    action.remove_suffix(1);
  if (action.size() >= 2 && action.front() == '"' && action.back() == '"') {
    action = action.substr(1, action.size() - 2);
  }
  return action;
}

// SOAP 1.2 carries the action as a parameter of the media type:
// application/soap+xml; charset=utf-8; action="urn:x#Op".
std::string_view actionParameter(std::string_view content_type) {
  for (std::size_t at = content_type.find(';'); at != std::string_view::npos;
       at = content_type.find(';', at + 1)) {
    std::string_view rest = content_type.substr(at + 1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (rest.size() < 7) continue;
    bool named_action = rest[6] == '=';
    for (std::size_t i = 0; named_action && i < 6; ++i) {
      named_action = (rest[i] | 0x20) == "action"[i];
    }
    if (!named_action) continue;
    rest.remove_prefix(7);
    if (!rest.empty() && rest.front() == '"') {
      const std::size_t close = rest.find('"', 1);
      return rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
    }
    return rest.substr(0, rest.find(';'));
  }
  return {};
}

}  // namespace

StageResult EndpointCheckStage::process(Exchange& exchange) {
  if (!exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "endpoint check reached without a checked platform header");
  }
  const PlatformHeader& h = *exchange.header;
  std::string_view path = exchange.request.path;
  path = path.substr(0, path.find('?'));
  const std::string address = std::string(kServicesPrefix) + h.service_name;
  if (path != address) {
    return StageResult::refuse(FaultCode::kActionMismatch,
                               "posted to " + printableExcerpt(path) +
                                   ", but the platform header names service " + h.service_name +
                                   ": post its requests to " + address);
  }
  const std::string_view action = unquoted(exchange.request.soap_action.empty()
                                               ? actionParameter(exchange.request.content_type)
                                               : std::string_view(exchange.request.soap_action));
  if (action.empty()) return StageResult::proceed();
  const std::string* declared = actions_.actionFor(h.service_name, h.service_version);
  if (declared != nullptr && action != *declared) {
    return StageResult::refuse(FaultCode::kActionMismatch,
                               "SOAPAction \"" + printableExcerpt(action) +
                                   "\" is not the action of service " + h.service_name + ":" +
                                   h.service_version + " (\"" + *declared + "\")");
  }
  return StageResult::proceed();
}

}  // namespace renkei

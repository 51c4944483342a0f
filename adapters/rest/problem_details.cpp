#include "adapters/rest/problem_details.h"

#include "broker/core/json_text.h"

namespace renkei::rest {

int problemStatus(FaultCode code) {
  switch (code) {
    case FaultCode::kUnauthenticated:
      return 401;
    case FaultCode::kSenderMismatch:
    case FaultCode::kLinkNotRegistered:
      return 403;
    case FaultCode::kUnknownService:
      return 404;
    case FaultCode::kReceiverUnavailable:
    case FaultCode::kInvalidResponse:
    case FaultCode::kPeerUnavailable:
      return 502;
    case FaultCode::kReceiverTimeout:
      return 504;
    default:
      return faultSpec(code).http_status_soap12;
  }
}

std::string pointerFromElementPath(const std::string& element_path) {
  constexpr std::string_view kBody = "/Envelope/Body/";
  if (element_path.rfind(kBody, 0) != 0) return {};
  const std::size_t after_root = element_path.find('/', kBody.size());
  return after_root == std::string::npos ? "/" : element_path.substr(after_root);
}

HttpReply problemReply(const FaultInfo& fault, const std::string& message_id) {
  const FaultCodeSpec& spec = faultSpec(fault.code);
  HttpReply reply;
  reply.status = problemStatus(fault.code);
  reply.content_type = "application/problem+json";
  reply.fault = fault;
  std::string& b = reply.body;
  b = "{\"type\":" + jsonString("urn:renkei:fault:" + std::string(spec.name)) +
      ",\"title\":" + jsonString(spec.meaning) + ",\"status\":" + std::to_string(reply.status) +
      ",\"detail\":" + jsonString(fault.reason) + ",\"code\":" + jsonString(spec.name);
  if (!message_id.empty()) b += ",\"messageId\":" + jsonString(message_id);
  if (!fault.element_path.empty()) {
    const std::string pointer =
        fault.element_path.front() == '/' && fault.element_path.rfind("/Envelope/", 0) != 0
            ? fault.element_path  // already a JSON pointer
            : pointerFromElementPath(fault.element_path);
    if (!pointer.empty()) b += ",\"pointer\":" + jsonString(pointer);
    b += ",\"elementPath\":" + jsonString(fault.element_path);
  }
  if (fault.line > 0) {
    b += ",\"line\":" + std::to_string(fault.line) + ",\"column\":" + std::to_string(fault.column);
  }
  b += "}";
  return reply;
}

}  // namespace renkei::rest

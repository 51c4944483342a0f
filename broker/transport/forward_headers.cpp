#include "broker/transport/forward_headers.h"

namespace renkei {

bool isSafeHeaderValue(const std::string& value) {
  return value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

bool hasSafeHeaders(const ForwardRequest& request) {
  return isSafeHeaderValue(request.content_type) && isSafeHeaderValue(request.soap_action) &&
         isSafeHeaderValue(request.authorization);
}

std::string quotedSoapAction(const std::string& action) {
  if (action.size() >= 2 && action.front() == '"' && action.back() == '"') return action;
  return "\"" + action + "\"";
}

}  // namespace renkei

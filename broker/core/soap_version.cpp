#include "broker/core/soap_version.h"

namespace renkei {

std::string mediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lowered(type);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

std::optional<SoapVersion> soapVersionForContentType(std::string_view content_type) {
  const std::string type = mediaType(content_type);
  if (type == "text/xml") return SoapVersion::k11;
  if (type == "application/soap+xml") return SoapVersion::k12;
  return std::nullopt;
}

}  // namespace renkei

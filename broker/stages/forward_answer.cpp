#include "broker/stages/forward_answer.h"

#include <cctype>
#include <string>

#include "broker/core/soap_version.h"  // mediaType

namespace renkei {
namespace {

constexpr std::string_view kSoap11EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12EnvelopeNs = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::size_t kMaxQuotedHeader = 100;

bool isXmlMediaType(std::string_view content_type) {
  const std::string type = mediaType(content_type);
  return type == "text/xml" || type == "application/soap+xml" || type == "application/xml";
}

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// A cheap sniff, not a parse: the body names the envelope namespace of the binding and has an
// element whose local name is Fault. The response check stage validates the answer properly.
bool looksLikeSoapFault(std::string_view body, SoapVersion version) {
  const std::string_view ns = version == SoapVersion::k12 ? kSoap12EnvelopeNs : kSoap11EnvelopeNs;
  if (body.find(ns) == std::string_view::npos) return false;
  for (std::size_t at = body.find("Fault"); at != std::string_view::npos;
       at = body.find("Fault", at + 1)) {
    const std::size_t end = at + 5;
    if (at == 0 || end >= body.size()) continue;
    const char after = body[end];
    if (after != '>' && after != '/' && !std::isspace(static_cast<unsigned char>(after))) continue;
    std::size_t start = at;
    if (body[start - 1] == ':') {  // prefix: walk back over the name characters to '<'
      --start;
      while (start > 0 && isNameChar(body[start - 1])) --start;
      if (start == at - 1) continue;  // empty prefix
    }
    if (start > 0 && body[start - 1] == '<') return true;
  }
  return false;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, kMaxQuotedHeader));
  if (text.size() > kMaxQuotedHeader) out.append("...");
  out.append("'");
  return out;
}

}  // namespace

std::string rejectAnswer(const ForwardResult& answer, SoapVersion version) {
  const int status = answer.http_status;
  const bool empty = answer.body.empty();
  // One-way operations may be acknowledged with an empty 200 or 202.
  if ((status == 200 || status == 202) && empty) return {};
  const std::string status_text = "HTTP " + std::to_string(status);
  const bool fault_status = status == 500 || (status == 400 && version == SoapVersion::k12);
  if (status != 200 && !fault_status) {
    return "answered " + status_text +
           (answer.content_type.empty() ? "" : " with Content-Type " + quoted(answer.content_type));
  }
  if (!isXmlMediaType(answer.content_type)) {
    return "answered " + status_text + " with Content-Type " +
           quoted(answer.content_type.empty() ? "(none)" : answer.content_type) + ", not SOAP XML";
  }
  if (fault_status && !looksLikeSoapFault(answer.body, version)) {
    return "answered " + status_text + " without a SOAP Fault of the request's SOAP version";
  }
  return {};
}

}  // namespace renkei

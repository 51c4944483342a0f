#include "broker/stages/forward_stage.h"

#include <cctype>
#include <string>

namespace renkei {
namespace {

constexpr std::string_view kSoap11EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12EnvelopeNs = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::size_t kMaxQuotedHeader = 100;

// "Text/XML; charset=utf-8" -> "text/xml"
std::string mediaType(std::string_view content_type) {
  std::string out;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

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

// Why the answer cannot be passed on, or empty when it can.
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

}  // namespace

ForwardStage::ForwardStage(HttpForwarder& forwarder) : forwarder_(forwarder) {}

StageResult ForwardStage::process(Exchange& exchange) {
  if (!exchange.receiver) {
    return StageResult::refuse(FaultCode::kInternal,
                               "forward stage reached without a resolved receiver unit");
  }
  const Unit& receiver = *exchange.receiver;
  const std::string where = "receiver " + receiver.id + " at " + receiver.endpoint;
  if (receiver.endpoint.empty()) {
    return StageResult::refuse(FaultCode::kReceiverUnavailable,
                               "receiver " + receiver.id + " has no endpoint registered");
  }

  ForwardRequest request;
  request.url = receiver.endpoint;
  request.content_type = exchange.request.content_type;
  // SOAP 1.2 carries the action inside Content-Type, which is passed on unchanged.
  if (exchange.soap_version == SoapVersion::k11) request.soap_action = exchange.request.soap_action;
  request.body = exchange.request.body;

  exchange.forwarded = true;
  ForwardResult answer = forwarder_.post(request);

  switch (answer.outcome) {
    case ForwardResult::kAnswered:
      break;
    case ForwardResult::kUnavailable:
      return StageResult::refuse(FaultCode::kReceiverUnavailable,
                                 "receiver " + receiver.id + " is unavailable at " +
                                     receiver.endpoint + ": " + answer.error);
    case ForwardResult::kTimeout:
      return StageResult::refuse(
          FaultCode::kReceiverTimeout,
          "receiver " + receiver.id + " timed out at " + receiver.endpoint + ": " + answer.error);
    case ForwardResult::kTooLarge:
    case ForwardResult::kMalformedAnswer:
      return StageResult::refuse(FaultCode::kInvalidResponse, where + ": " + answer.error);
    case ForwardResult::kError:
      return StageResult::refuse(FaultCode::kInternal,
                                 "cannot forward to " + where + ": " + answer.error);
  }

  if (std::string why = rejectAnswer(answer, exchange.soap_version); !why.empty()) {
    return StageResult::refuse(FaultCode::kInvalidResponse, where + " " + why);
  }
  exchange.response_http_status = answer.http_status;
  exchange.response_content_type = std::move(answer.content_type);
  exchange.response_body = std::move(answer.body);
  return StageResult::proceed();
}

}  // namespace renkei

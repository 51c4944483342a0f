#include "broker/conform/envelope_builder.h"

#include <openssl/rand.h>

#include <cstdio>
#include <ctime>

#include "broker/conform/case_loader.h"
#include "broker/core/platform_header.h"

namespace renkei::conform {
namespace {

constexpr const char* kDefaultEnvelope =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<soap:Envelope xmlns:soap=\"${soapNs}\"><soap:Header>${header}</soap:Header>"
    "<soap:Body>${body}</soap:Body></soap:Envelope>";

// The order of xsd/platform-header.xsd's sequence.
constexpr const char* kHeaderOrder[] = {"MessageId",   "CorrelationId",  "Sender",
                                        "Receiver",    "ServiceName",    "ServiceVersion",
                                        "PurposeCode", "UserId",         "CaseReference",
                                        "Timestamp",   "ProtocolVersion"};

std::string headerBlock(const std::map<std::string, std::string>& fields) {
  std::string out = std::string("<hdr:PlatformHeader xmlns:hdr=\"") + kPlatformHeaderNs + "\">";
  for (const char* name : kHeaderOrder) {
    auto it = fields.find(name);
    if (it == fields.end()) continue;
    out += std::string("<hdr:") + name + ">" + xmlEscape(it->second) + "</hdr:" + name + ">";
  }
  return out + "</hdr:PlatformHeader>";
}

}  // namespace

std::string fillTemplate(const std::string& text, const std::map<std::string, std::string>& values,
                         const std::string& where) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("${", pos);
    if (open == std::string::npos) break;
    const size_t close = text.find('}', open);
    if (close == std::string::npos)
      throw ConformInputError(where + ": unterminated placeholder '${' in a template");
    const std::string name = text.substr(open + 2, close - open - 2);
    auto it = values.find(name);
    if (it == values.end()) {
      std::string known;
      for (const auto& [k, v] : values) known += (known.empty() ? "" : ", ") + k;
      throw ConformInputError(where + ": unknown placeholder ${" + name + "} (known: " + known +
                              ")");
    }
    out.append(text, pos, open - pos);
    out += it->second;
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::string buildEnvelope(const ExchangeSpec& spec, const RequestParts& parts, size_t pad_to_bytes,
                          const std::string& where) {
  const std::string soap_ns = parts.soap12 ? "http://www.w3.org/2003/05/soap-envelope"
                                           : "http://schemas.xmlsoap.org/soap/envelope/";
  std::map<std::string, std::string> values = {
      {"soapNs", soap_ns}, {"header", headerBlock(parts.header)}, {"body", parts.body}};
  std::string envelope =
      fillTemplate(spec.envelope_template.value_or(kDefaultEnvelope), values, where);
  if (pad_to_bytes > envelope.size() + 16) {
    // A comment is legal anywhere in soap:Body and changes no element, so the message stays
    // valid while it grows; the body schemas have no free text large enough for this.
    const size_t at = envelope.rfind("</soap:Body>");
    if (at != std::string::npos) {
      const std::string pad = "<!--" + std::string(pad_to_bytes - envelope.size() - 7, 'x') + "-->";
      envelope.insert(at, pad);
    }
  }
  return envelope;
}

}  // namespace renkei::conform

#include "broker/wssec/signed_info_policy.h"

#include <algorithm>
#include <string>

#include "broker/wssec/dom_attr.h"
#include "broker/wssec/wssec_names.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::wssec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

// Algorithm URIs come from the sender: keep them short in fault reasons.
std::string shown(const std::string& uri) {
  return uri.empty() ? "(none)" : "\"" + uri.substr(0, 120) + "\"";
}

std::string algorithmOf(const xc::DOMElement* parent, std::string_view child) {
  return attribute(xml::findChild(parent, kDsigNs, child), "", "Algorithm").value_or("");
}

std::optional<FaultInfo> unsupported(std::string reason) {
  return faultOf(FaultCode::kUnsupportedAlgorithm, std::move(reason));
}

std::optional<FaultInfo> checkReference(const SecurityHeader& header, const xc::DOMElement* ref,
                                        std::vector<xc::DOMElement*>& covered) {
  const std::string uri = attribute(ref, "", "URI").value_or("");
  const std::string digest = algorithmOf(ref, "DigestMethod");
  if (digest != kSha256) {
    return unsupported("ds:Reference " + shown(uri) + " uses digest " + shown(digest) +
                       "; only SHA-256 (" + std::string(kSha256) + ") is accepted");
  }
  const xc::DOMElement* transforms = xml::findChild(ref, kDsigNs, "Transforms");
  auto list = xml::childElements(transforms);
  if (list.size() != 1 || !xml::isElement(list.front(), kDsigNs, "Transform") ||
      attribute(list.front(), "", "Algorithm").value_or("") != kExcC14n) {
    return unsupported("ds:Reference " + shown(uri) +
                       " must have exactly one transform, exclusive c14n (" +
                       std::string(kExcC14n) + ")");
  }
  xc::DOMElement* target = resolveIdReference(header, uri);
  if (target == nullptr) {
    return faultOf(FaultCode::kInvalidSecurityHeader,
                   "ds:Reference URI " + shown(uri) +
                       " does not name an element of this message by its wsu:Id");
  }
  covered.push_back(target);
  return std::nullopt;
}

}  // namespace

std::optional<FaultInfo> checkSignedInfo(const SecurityHeader& header,
                                         std::vector<xc::DOMElement*>& covered) {
  const xc::DOMElement* signed_info = xml::findChild(header.signature, kDsigNs, "SignedInfo");
  if (signed_info == nullptr) {
    return faultOf(FaultCode::kInvalidSecurityHeader, "ds:Signature has no ds:SignedInfo");
  }
  const std::string c14n = algorithmOf(signed_info, "CanonicalizationMethod");
  if (c14n != kExcC14n) {
    return unsupported("ds:CanonicalizationMethod " + shown(c14n) + " is not exclusive c14n (" +
                       std::string(kExcC14n) + ")");
  }
  const std::string method = algorithmOf(signed_info, "SignatureMethod");
  if (method != kRsaSha256 && method != kEcdsaSha256) {
    return unsupported("ds:SignatureMethod " + shown(method) + " is not RSA-SHA256 (" +
                       std::string(kRsaSha256) + ") or ECDSA-SHA256 (" + std::string(kEcdsaSha256) +
                       ")");
  }
  covered.clear();
  for (const xc::DOMElement* child : xml::childElements(signed_info)) {
    if (!xml::isElement(child, kDsigNs, "Reference")) continue;
    if (auto fault = checkReference(header, child, covered)) return fault;
  }
  return std::nullopt;
}

std::optional<FaultInfo> checkCoverage(const xml::ParsedEnvelope& envelope,
                                       const SecurityHeader& header,
                                       const std::vector<xc::DOMElement*>& covered) {
  // The very elements the broker reads and routes by, not look-alikes elsewhere: pointers into
  // the one DOM, so a signed copy moved to another place does not count.
  const struct {
    const xc::DOMElement* element;
    const char* name;
  } required[] = {
      {envelope.body(), "the SOAP Body"},
      {header.timestamp, "the wsu:Timestamp"},
      {envelope.headerBlock(), "the platform header block (PlatformHeader)"},
  };
  for (const auto& part : required) {
    if (std::find(covered.begin(), covered.end(), part.element) == covered.end()) {
      return faultOf(FaultCode::kUnsignedPart,
                     std::string("the signature does not cover ") + part.name +
                         ": reference it from ds:SignedInfo by its wsu:Id");
    }
  }
  return std::nullopt;
}

}  // namespace renkei::wssec

#include "broker/wssec/security_header.h"

#include <vector>

#include "broker/wssec/dom_attr.h"
#include "broker/wssec/wssec_names.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::wssec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

SecurityHeaderResult invalid(std::string reason) {
  SecurityHeaderResult r;
  r.present = true;
  r.fault = faultOf(FaultCode::kInvalidSecurityHeader, std::move(reason));
  return r;
}

std::vector<xc::DOMElement*> childrenNamed(const xc::DOMElement* parent, std::string_view ns,
                                           std::string_view local) {
  std::vector<xc::DOMElement*> found;
  for (xc::DOMElement* child : xml::childElements(parent)) {
    if (xml::isElement(child, ns, local)) found.push_back(child);
  }
  return found;
}

// Every wsu:Id in the document, in document order. The parser's depth limit bounds the walk.
std::optional<std::string> collectIds(xc::DOMElement* root,
                                      std::map<std::string, xc::DOMElement*>& ids) {
  std::vector<xc::DOMElement*> pending{root};
  while (!pending.empty()) {
    xc::DOMElement* e = pending.back();
    pending.pop_back();
    if (auto id = attribute(e, kWsuNs, "Id")) {
      if (id->empty()) return "an element has an empty wsu:Id";
      if (!ids.emplace(*id, e).second) {
        return "wsu:Id \"" + id->substr(0, 64) + "\" is used by more than one element";
      }
    }
    for (xc::DOMElement* c = e->getLastElementChild(); c != nullptr;
         c = c->getPreviousElementSibling()) {
      pending.push_back(c);
    }
  }
  return std::nullopt;
}

}  // namespace

xc::DOMElement* resolveIdReference(const SecurityHeader& header, const std::string& uri) {
  // Only bare same-document references: no XPointer, no external documents, no empty URI.
  if (uri.size() < 2 || uri[0] != '#') return nullptr;
  auto it = header.ids.find(uri.substr(1));
  return it == header.ids.end() ? nullptr : it->second;
}

SecurityHeaderResult findSecurityHeader(const xml::ParsedEnvelope& envelope) {
  auto blocks = childrenNamed(envelope.soapHeader(), kWsseNs, "Security");
  if (blocks.empty()) return {};
  // One header for the broker: a second (another actor's) would be a place to hide a signature.
  if (blocks.size() > 1) return invalid("the SOAP Header carries more than one wsse:Security");

  SecurityHeader h;
  h.security = blocks.front();
  auto signatures = childrenNamed(h.security, kDsigNs, "Signature");
  if (signatures.size() != 1) {
    return invalid("wsse:Security must hold exactly one ds:Signature, found " +
                   std::to_string(signatures.size()));
  }
  h.signature = signatures.front();
  auto timestamps = childrenNamed(h.security, kWsuNs, "Timestamp");
  if (timestamps.size() != 1) {
    return invalid("wsse:Security must hold exactly one wsu:Timestamp, found " +
                   std::to_string(timestamps.size()));
  }
  h.timestamp = timestamps.front();
  if (auto problem = collectIds(envelope.envelopeElement(), h.ids)) return invalid(*problem);

  // KeyInfo -> SecurityTokenReference -> Reference URI="#token" (a direct reference).
  const xc::DOMElement* key_info = xml::findChild(h.signature, kDsigNs, "KeyInfo");
  const xc::DOMElement* str = xml::findChild(key_info, kWsseNs, "SecurityTokenReference");
  const xc::DOMElement* ref = xml::findChild(str, kWsseNs, "Reference");
  if (ref == nullptr) {
    return invalid(
        "ds:KeyInfo must hold a wsse:SecurityTokenReference with a wsse:Reference to the "
        "X.509 wsse:BinarySecurityToken");
  }
  h.token = resolveIdReference(h, attribute(ref, "", "URI").value_or(""));
  if (h.token == nullptr || h.token->getParentNode() != h.security ||
      !xml::isElement(h.token, kWsseNs, "BinarySecurityToken")) {
    return invalid(
        "the wsse:SecurityTokenReference does not point to a wsse:BinarySecurityToken of this "
        "wsse:Security header");
  }
  if (attribute(h.token, "", "ValueType").value_or("") != kX509v3ValueType) {
    return invalid("the wsse:BinarySecurityToken is not an X.509 v3 certificate (ValueType " +
                   std::string(kX509v3ValueType) + ")");
  }
  // EncodingType defaults to Base64Binary; any other encoding is not one the broker reads.
  auto encoding = attribute(h.token, "", "EncodingType");
  if (encoding && *encoding != kBase64EncodingType) {
    return invalid("the wsse:BinarySecurityToken must be Base64Binary encoded");
  }
  SecurityHeaderResult r;
  r.present = true;
  r.header = std::move(h);
  return r;
}

}  // namespace renkei::wssec

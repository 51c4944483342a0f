#pragma once
// Locates the parts of a wsse:Security header block: the one ds:Signature, the one
// wsu:Timestamp, and the X.509 BinarySecurityToken its KeyInfo points at through a
// wsse:SecurityTokenReference. Also collects every wsu:Id of the document, refusing duplicates:
// with two elements of one Id a signature could cover one while the broker reads the other.
#include <map>
#include <optional>
#include <string>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/core/fault_code.h"

namespace renkei::xml {
class ParsedEnvelope;
}

namespace renkei::wssec {

struct SecurityHeader {
  XERCES_CPP_NAMESPACE::DOMElement* security = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* signature = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* timestamp = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* token = nullptr;  // the referenced BinarySecurityToken
  std::map<std::string, XERCES_CPP_NAMESPACE::DOMElement*> ids;  // wsu:Id value -> element
};

struct SecurityHeaderResult {
  bool present = false;  // false: the message carries no wsse:Security at all
  std::optional<SecurityHeader> header;
  std::optional<FaultInfo> fault;  // Client.InvalidSecurityHeader
};

SecurityHeaderResult findSecurityHeader(const xml::ParsedEnvelope& envelope);

// The element a same-document reference "#id" names, or nullptr for any other form of URI.
XERCES_CPP_NAMESPACE::DOMElement* resolveIdReference(const SecurityHeader& header,
                                                     const std::string& uri);

}  // namespace renkei::wssec

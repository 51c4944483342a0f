#pragma once
// The broker's profile of XML Signature, checked on the DOM before any cryptography runs:
// exclusive c14n, RSA-SHA256 or ECDSA-SHA256, SHA-256 digests, same-document "#id" references
// with no transform but exclusive c14n (no XPath, no XSLT: nothing that could select other
// content than the element the Id names), and references covering the SOAP Body, the
// wsu:Timestamp and the platform header block.
#include <optional>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/core/fault_code.h"
#include "broker/wssec/security_header.h"

namespace renkei::xml {
class ParsedEnvelope;
}

namespace renkei::wssec {

// Algorithms and reference forms: Client.UnsupportedAlgorithm or Client.InvalidSecurityHeader.
// On success `covered` holds the element each reference names.
std::optional<FaultInfo> checkSignedInfo(const SecurityHeader& header,
                                         std::vector<XERCES_CPP_NAMESPACE::DOMElement*>& covered);

// Client.UnsignedPart naming the first required part no reference covers.
std::optional<FaultInfo> checkCoverage(
    const xml::ParsedEnvelope& envelope, const SecurityHeader& header,
    const std::vector<XERCES_CPP_NAMESPACE::DOMElement*>& covered);

}  // namespace renkei::wssec

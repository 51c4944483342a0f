#pragma once
// The cryptographic part, done by xml-security-c on the DOM the parse stage built (no second
// parse, so the bytes checked are the bytes routed): every reference's digest, then the
// SignatureValue over the canonical SignedInfo, with the token certificate's public key.
#include <optional>
#include <string>

#include <openssl/x509.h>

#include "broker/wssec/security_header.h"

namespace renkei::wssec {

// nullopt when the signature holds, otherwise what xml-security-c found wrong.
// Marks the document's wsu:Id attributes as IDs (the only way references are resolved).
std::optional<std::string> checkXmlSignature(const SecurityHeader& header, X509* cert);

}  // namespace renkei::wssec

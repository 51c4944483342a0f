#pragma once
// Namespaces and algorithm identifiers of WS-Security 1.1 (OASIS), XML Signature and Exclusive
// XML Canonicalization (W3C) that the broker accepts. Anything not listed here is refused.
#include <string_view>

namespace renkei::wssec {

inline constexpr std::string_view kWsseNs =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr std::string_view kWsuNs =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
inline constexpr std::string_view kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

// wsse:BinarySecurityToken attributes (X.509 Token Profile, SOAP Message Security).
inline constexpr std::string_view kX509v3ValueType =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
inline constexpr std::string_view kBase64EncodingType =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#"
    "Base64Binary";

// Canonicalization: exclusive only, without comments. Inclusive c14n drags the SOAP envelope's
// namespace context into every digest, so an intermediary's harmless rewrapping breaks them.
inline constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";

inline constexpr std::string_view kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr std::string_view kEcdsaSha256 =
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
inline constexpr std::string_view kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";

}  // namespace renkei::wssec

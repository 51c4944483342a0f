#include "broker/wssec/xsec_signature_verifier.h"

#include <vector>

#include "broker/wssec/base64_der.h"
#include "broker/wssec/signed_info_policy.h"
#include "broker/wssec/wssec_names.h"
#include "broker/wssec/wsu_time.h"
#include "broker/wssec/xsec_signature_check.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::wssec {

namespace {

VerifyResult refusedWith(FaultInfo fault) {
  VerifyResult r;
  r.signed_message = true;
  r.fault = std::move(fault);
  return r;
}

}  // namespace

XsecSignatureVerifier::XsecSignatureVerifier(std::shared_ptr<const TrustStore> trust,
                                             std::map<std::string, std::string> unit_cert_sha256,
                                             std::chrono::seconds clock_skew, Clock now)
    : trust_(std::move(trust)),
      unit_cert_sha256_(std::move(unit_cert_sha256)),
      clock_skew_(clock_skew),
      now_(std::move(now)) {}

std::unique_ptr<XsecSignatureVerifier> XsecSignatureVerifier::fromConfig(
    const SignatureConfig& config) {
  return std::make_unique<XsecSignatureVerifier>(TrustStore::load(config.ca_file, config.crl_file),
                                                 config.unit_cert_sha256,
                                                 std::chrono::seconds(config.max_clock_skew_s));
}

VerifyResult XsecSignatureVerifier::verify(const xml::ParsedEnvelope& envelope,
                                           const PlatformHeader& header) const {
  SecurityHeaderResult found = findSecurityHeader(envelope);
  if (!found.present) return VerifyResult::unsignedMessage();
  if (found.fault) return refusedWith(std::move(*found.fault));
  const SecurityHeader& security = *found.header;

  std::vector<XERCES_CPP_NAMESPACE::DOMElement*> covered;
  if (auto fault = checkSignedInfo(security, covered)) return refusedWith(std::move(*fault));
  if (auto fault = checkCoverage(envelope, security, covered))
    return refusedWith(std::move(*fault));

  auto der = decodeBase64(xml::textOf(security.token));
  X509Ptr cert = der ? certificateFromDer(*der) : X509Ptr(nullptr, &X509_free);
  if (!cert) {
    return VerifyResult::refused(FaultCode::kInvalidSecurityHeader,
                                 "the wsse:BinarySecurityToken is not a base64 DER X.509 "
                                 "certificate");
  }
  if (auto problem = trust_->check(cert.get())) {
    return VerifyResult::refused(FaultCode::kCertificateRejected,
                                 "the signing certificate is not accepted: " + *problem);
  }
  if (auto problem = checkXmlSignature(security, cert.get())) {
    return VerifyResult::refused(FaultCode::kSignatureInvalid,
                                 "the XML signature does not match the message: " + *problem);
  }
  if (auto fault = checkTimestamp(security)) return refusedWith(std::move(*fault));
  return checkSigner(cert.get(), header);
}

std::optional<FaultInfo> XsecSignatureVerifier::checkTimestamp(const SecurityHeader& h) const {
  auto expires_text = xml::childText(h.timestamp, kWsuNs, "Expires");
  if (!expires_text) {
    // Without Expires a captured message would stay valid for ever.
    return faultOf(FaultCode::kInvalidSecurityHeader, "wsu:Timestamp has no wsu:Expires");
  }
  auto expires = parseDateTime(*expires_text);
  if (!expires) {
    return faultOf(FaultCode::kInvalidSecurityHeader,
                   "wsu:Expires is not an xs:dateTime with a time zone");
  }
  const auto now = now_();
  if (*expires + clock_skew_ < now) {
    return faultOf(FaultCode::kSignatureExpired,
                   "wsu:Timestamp expired at " + expires_text->substr(0, 40));
  }
  if (auto created_text = xml::childText(h.timestamp, kWsuNs, "Created")) {
    auto created = parseDateTime(*created_text);
    if (!created) {
      return faultOf(FaultCode::kInvalidSecurityHeader,
                     "wsu:Created is not an xs:dateTime with a time zone");
    }
    if (*created - clock_skew_ > now) {
      return faultOf(FaultCode::kSignatureExpired, "wsu:Timestamp is created in the future (" +
                                                       created_text->substr(0, 40) + ")");
    }
  }
  return std::nullopt;
}

VerifyResult XsecSignatureVerifier::checkSigner(X509* cert, const PlatformHeader& header) const {
  const std::string fingerprint = sha256Fingerprint(cert);
  auto bound = unit_cert_sha256_.find(header.sender);
  if (bound != unit_cert_sha256_.end() && bound->second == fingerprint) {
    return VerifyResult::verified(header.sender);
  }
  // Faults name units, never certificates' holders beyond the unit id.
  for (const auto& [unit, sha256] : unit_cert_sha256_) {
    if (sha256 == fingerprint) {
      return VerifyResult::refused(FaultCode::kSignerMismatch,
                                   "the message is signed with the certificate of unit " + unit +
                                       ", but its sender is " + header.sender);
    }
  }
  return VerifyResult::refused(FaultCode::kSignerMismatch,
                               "the signing certificate (SHA-256 " + fingerprint +
                                   ") is not the one registered for the sender unit " +
                                   header.sender);
}

}  // namespace renkei::wssec

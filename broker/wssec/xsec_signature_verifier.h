#pragma once
// SignatureVerifier with xml-security-c and OpenSSL. Checks, in order: the header's shape, the
// algorithm profile and what the references cover (signed_info_policy), the certificate's chain
// to the configured CA, the signature itself, the wsu:Timestamp, and last that the certificate
// is the one bound to the header's sender unit.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "broker/config/signature_config.h"
#include "broker/wssec/security_header.h"
#include "broker/wssec/signature_verifier.h"
#include "broker/wssec/trust_store.h"

namespace renkei::wssec {

class XsecSignatureVerifier : public SignatureVerifier {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  XsecSignatureVerifier(
      std::shared_ptr<const TrustStore> trust, std::map<std::string, std::string> unit_cert_sha256,
      std::chrono::seconds clock_skew, Clock now = [] { return std::chrono::system_clock::now(); });
  // Reads the CA bundle and CRL; throws std::runtime_error naming an unreadable file.
  static std::unique_ptr<XsecSignatureVerifier> fromConfig(const SignatureConfig& config);

  VerifyResult verify(const xml::ParsedEnvelope& envelope,
                      const PlatformHeader& header) const override;

 private:
  std::optional<FaultInfo> checkTimestamp(const SecurityHeader& header) const;
  VerifyResult checkSigner(X509* cert, const PlatformHeader& header) const;

  std::shared_ptr<const TrustStore> trust_;
  std::map<std::string, std::string> unit_cert_sha256_;  // unit id -> fingerprint
  std::chrono::seconds clock_skew_;
  Clock now_;
};

}  // namespace renkei::wssec

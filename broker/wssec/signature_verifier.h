#pragma once
// Checks the WS-Security signature of a parsed envelope and names the unit that signed it.
// The stage depends on this interface only; XsecSignatureVerifier is the real one.
#include "broker/core/platform_header.h"
#include "broker/wssec/verify_result.h"

namespace renkei {
namespace xml {
class ParsedEnvelope;
}

namespace wssec {

class SignatureVerifier {
 public:
  virtual ~SignatureVerifier() = default;
  // `header` is the platform header the header check already read from `envelope`.
  virtual VerifyResult verify(const xml::ParsedEnvelope& envelope,
                              const PlatformHeader& header) const = 0;
};

}  // namespace wssec
}  // namespace renkei

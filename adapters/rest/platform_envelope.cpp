#include "adapters/rest/platform_envelope.h"

#include <string>

#include "broker/audit/audit_hash.h"
#include "broker/core/platform_header_writer.h"
#include "broker/core/soap_envelope.h"

namespace renkei::rest {
std::string jtiMessageId(const std::string& unit, const std::string& jti) {
  // The unit is part of the name: two units' jtis never collide (the guard is per sender too).
  std::string hex = sha256Hex("renkei rest jti\n" + unit + "\n" + jti).substr(0, 32);
  hex[12] = '8';                                                    // version 8
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // variant 10xx
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string platformEnvelope(const PlatformHeader& h, const std::string& body_xml) {
  const SoapEnvelopeFrame frame(SoapVersion::k11);
  return frame.start({{"hdr", kPlatformHeaderNs}}) + frame.open("Header") +
         renderPlatformHeader(h) + frame.close("Header") + frame.bodyOpen() + body_xml +
         frame.end();
}

}  // namespace renkei::rest

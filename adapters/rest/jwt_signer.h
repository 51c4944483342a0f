#pragma once
// The broker's own bearer tokens towards REST units (rest_target_forwarder.h): HS256 JWTs with
// a secret shared with the unit, short-lived, one jti each.
#include <chrono>
#include <string>

namespace renkei::rest {

struct JwtToSign {
  std::string issuer;    // iss and sub
  std::string audience;  // aud
  std::string jti;       // the platform message id: unique, and findable in the audit trail
  std::chrono::seconds lifetime{60};
};

std::string signHs256Jwt(const JwtToSign& token, const std::string& secret,
                         std::chrono::system_clock::time_point now);

}  // namespace renkei::rest

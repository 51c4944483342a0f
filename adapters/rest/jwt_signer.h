#pragma once
// The broker's own bearer tokens towards REST units (rest_target_forwarder.h): short-lived JWTs,
// one jti each, signed with HS256 (a secret shared with the unit) or, so that the unit holds no
// secret of the broker's, RS256 / ES256 with the broker's private key (the unit verifies with
// the public half, as for OAuth's private_key_jwt).
#include <chrono>
#include <string>

#include "adapters/rest/jwt_verifier.h"

namespace renkei::rest {

struct JwtToSign {
  std::string issuer;    // iss and sub
  std::string audience;  // aud
  std::string jti;       // the platform message id: unique, and findable in the audit trail
  std::chrono::seconds lifetime{60};
};

struct JwtSigningKey {
  JwtAlgorithm algorithm = JwtAlgorithm::kHs256;
  std::string secret;      // HS256
  PrivateKey private_key;  // RS256, ES256 (loadPrivateKeyPem)
};

// Throws std::runtime_error when OpenSSL cannot sign (a key of the wrong kind never gets here:
// the configuration checks it).
std::string signJwt(const JwtToSign& token, const JwtSigningKey& key,
                    std::chrono::system_clock::time_point now);

}  // namespace renkei::rest

#pragma once
// Client authentication by JWT (RFC 7523 §2.2, as OAuth's client_secret_jwt and private_key_jwt
// use it; RFC 7519 claims): the bearer token a REST caller sends is signed by the unit's own key
// (HS256 with a secret shared with the broker, or RS256 / ES256 with a private key whose public
// half the configuration holds), its issuer and subject are the unit's client id, its audience
// is this broker. The algorithm is the one configured for the issuer, never the one the token
// names: a token cannot talk the broker into "none" or into HMAC with a public key as secret.
//
// Thread-safe: the clients are fixed at construction; the seen-jti set has its own lock.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

namespace renkei::rest {

enum class JwtAlgorithm { kHs256, kRs256, kEs256 };
const char* jwtAlgorithmName(JwtAlgorithm algorithm);  // "HS256", ...
bool parseJwtAlgorithm(std::string_view name, JwtAlgorithm* out);

struct EvpPkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PublicKey = std::shared_ptr<EVP_PKEY>;
using PrivateKey = std::shared_ptr<EVP_PKEY>;

// A PEM public key (SubjectPublicKeyInfo) of the kind `algorithm` verifies with: RSA of at
// least 2048 bits for RS256, EC P-256 for ES256. Throws std::runtime_error naming what is wrong.
PublicKey loadPublicKeyPem(const std::string& pem, JwtAlgorithm algorithm);
// The private half, for the broker's own tokens towards REST units (jwt_signer.h).
PrivateKey loadPrivateKeyPem(const std::string& pem, JwtAlgorithm algorithm);

struct JwtClient {
  std::string unit;    // the unit a verified token authenticates
  std::string issuer;  // iss and sub of its tokens (the OAuth client_id)
  JwtAlgorithm algorithm = JwtAlgorithm::kHs256;
  std::string secret;    // HS256: the shared secret (at least 32 bytes)
  PublicKey public_key;  // RS256, ES256
};

struct JwtPolicy {
  std::string audience;                     // the broker's own identifier; aud must contain it
  std::chrono::seconds max_skew{60};        // clock difference tolerated on exp, nbf and iat
  std::chrono::seconds max_lifetime{3600};  // exp - iat (or exp - now): long-lived tokens refused
};

struct JwtCheck {
  bool ok = false;
  std::string unit;    // when ok
  std::string jti;     // when ok: the token's jti, empty when it has none
  std::string reason;  // when not: what a caller needs to fix, without key material
};

class JwtVerifier {
 public:
  JwtVerifier(std::vector<JwtClient> clients, JwtPolicy policy);

  // `token` is the compact JWS (without "Bearer "). A token whose jti was already accepted and
  // has not expired yet is refused as a replay.
  JwtCheck verify(std::string_view token, std::chrono::system_clock::time_point now);

  const JwtPolicy& policy() const { return policy_; }

 private:
  bool firstUse(const std::string& issuer, const std::string& jti, double exp, double now);

  std::map<std::string, JwtClient> by_issuer_;
  JwtPolicy policy_;
  std::mutex seen_mutex_;
  std::map<std::string, double> seen_jti_;  // issuer + "\n" + jti -> its exp
  // The same ids by expiry, soonest first: forgetting the expired ones costs what expired, not
  // a walk over every token still valid (which made each request slower as the set grew).
  std::multimap<double, std::string> jti_by_expiry_;
};

}  // namespace renkei::rest

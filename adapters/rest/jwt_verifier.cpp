#include "adapters/rest/jwt_verifier.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "adapters/rest/base64url.h"
#include "adapters/rest/json_parser.h"

namespace renkei::rest {

const char* jwtAlgorithmName(JwtAlgorithm algorithm) {
  switch (algorithm) {
    case JwtAlgorithm::kHs256:
      return "HS256";
    case JwtAlgorithm::kRs256:
      return "RS256";
    case JwtAlgorithm::kEs256:
      return "ES256";
  }
  return "?";
}

bool parseJwtAlgorithm(std::string_view name, JwtAlgorithm* out) {
  for (JwtAlgorithm a : {JwtAlgorithm::kHs256, JwtAlgorithm::kRs256, JwtAlgorithm::kEs256}) {
    if (name == jwtAlgorithmName(a)) {
      *out = a;
      return true;
    }
  }
  return false;
}

namespace {

// The kind of key `algorithm` works with, public or private half alike: RSA of at least 2048
// bits for RS256, EC P-256 for ES256. Throws std::runtime_error naming what is wrong.
void checkKeyKind(EVP_PKEY* key, JwtAlgorithm algorithm, const char* half) {
  const std::string which = half;
  if (algorithm == JwtAlgorithm::kRs256) {
    if (!EVP_PKEY_is_a(key, "RSA"))
      throw std::runtime_error("RS256 needs an RSA " + which + " key");
    if (EVP_PKEY_get_bits(key) < 2048) {
      throw std::runtime_error("RS256 needs an RSA key of at least 2048 bits");
    }
  } else if (algorithm == JwtAlgorithm::kEs256) {
    char group[64] = {};
    std::size_t length = 0;
    if (!EVP_PKEY_is_a(key, "EC") ||
        EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) != 1 ||
        std::string(group) != "prime256v1") {
      throw std::runtime_error("ES256 needs an EC " + which + " key on P-256 (prime256v1)");
    }
  } else {
    throw std::runtime_error("HS256 uses a shared secret, not a " + which + " key");
  }
}

}  // namespace

PublicKey loadPublicKeyPem(const std::string& pem, JwtAlgorithm algorithm) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* raw = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (raw == nullptr) throw std::runtime_error("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  PublicKey key(raw, EvpPkeyFree{});
  checkKeyKind(raw, algorithm, "public");
  return key;
}

PrivateKey loadPrivateKeyPem(const std::string& pem, JwtAlgorithm algorithm) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  // No passphrase callback: the file's owner-only mode protects it, as the TLS key's does.
  EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (raw == nullptr) {
    throw std::runtime_error("not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)");
  }
  PrivateKey key(raw, EvpPkeyFree{});
  checkKeyKind(raw, algorithm, "private");
  return key;
}

namespace {

JwtCheck refused(std::string reason) {
  JwtCheck check;
  check.reason = std::move(reason);
  return check;
}

bool verifyHmac(const std::string& secret, std::string_view input, const std::string& signature) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
           &length) == nullptr) {
    return false;
  }
  return signature.size() == length && CRYPTO_memcmp(mac, signature.data(), length) == 0;
}

// JWS carries an ECDSA signature as R || S, 32 bytes each (RFC 7518 §3.4); OpenSSL verifies DER.
std::string derFromJoseEcdsa(const std::string& raw) {
  if (raw.size() != 64) return {};
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  std::string der;
  if (sig != nullptr && r != nullptr && s != nullptr && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = nullptr;  // owned by sig now
    unsigned char* out = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &out);
    if (length > 0) der.assign(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
  }
  BN_free(r);
  BN_free(s);
  ECDSA_SIG_free(sig);
  return der;
}

bool verifyWithKey(EVP_PKEY* key, std::string_view input, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
}

bool signatureValid(const JwtClient& client, std::string_view input, const std::string& signature) {
  switch (client.algorithm) {
    case JwtAlgorithm::kHs256:
      return verifyHmac(client.secret, input, signature);
    case JwtAlgorithm::kRs256:
      return verifyWithKey(client.public_key.get(), input, signature);
    case JwtAlgorithm::kEs256: {
      const std::string der = derFromJoseEcdsa(signature);
      return !der.empty() && verifyWithKey(client.public_key.get(), input, der);
    }
  }
  return false;
}

std::optional<JsonValue> decodedJson(std::string_view part) {
  const std::optional<std::string> bytes = decodeBase64Url(part);
  if (!bytes) return std::nullopt;
  JsonLimits limits;
  limits.max_depth = 8;
  limits.max_bytes = 16 * 1024;
  JsonParse parse = parseJson(*bytes, limits);
  if (!parse.value || parse.value->kind != JsonValue::Kind::kObject) return std::nullopt;
  return std::move(parse.value);
}

const std::string* stringClaim(const JsonValue& claims, const char* name) {
  const JsonValue* v = claims.member(name);
  return v != nullptr && v->kind == JsonValue::Kind::kString ? &v->text : nullptr;
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly with a fraction.
std::optional<double> dateClaim(const JsonValue& claims, const char* name) {
  const JsonValue* v = claims.member(name);
  if (v == nullptr || v->kind != JsonValue::Kind::kNumber) return std::nullopt;
  const double value = std::strtod(v->text.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

bool audienceContains(const JsonValue* aud, const std::string& audience) {
  if (aud == nullptr) return false;
  if (aud->kind == JsonValue::Kind::kString) return aud->text == audience;
  if (aud->kind != JsonValue::Kind::kArray) return false;
  for (const JsonValue& item : aud->items) {
    if (item.kind == JsonValue::Kind::kString && item.text == audience) return true;
  }
  return false;
}

}  // namespace

JwtVerifier::JwtVerifier(std::vector<JwtClient> clients, JwtPolicy policy)
    : policy_(std::move(policy)) {
  for (JwtClient& client : clients) by_issuer_[client.issuer] = std::move(client);
}

JwtCheck JwtVerifier::verify(std::string_view token, std::chrono::system_clock::time_point at) {
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return refused("the bearer token is not a JWT (three base64url parts separated by dots)");
  }
  const std::optional<JsonValue> header = decodedJson(token.substr(0, dot1));
  const std::optional<JsonValue> claims = decodedJson(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const std::optional<std::string> signature = decodeBase64Url(token.substr(dot2 + 1));
  if (!header || !claims || !signature) {
    return refused("the JWT's header or claims are not base64url-encoded JSON objects");
  }
  if (header->member("crit") != nullptr) {
    return refused(
        "the JWT names critical header parameters (crit), which the broker does not "
        "support");
  }
  const std::string* iss = stringClaim(*claims, "iss");
  if (iss == nullptr) return refused("the JWT has no iss (issuer) claim");
  auto client_it = by_issuer_.find(*iss);
  // Unknown issuers and bad signatures read alike to the caller: the list of clients is not
  // discoverable by asking.
  const std::string not_verified =
      "the JWT's signature does not verify with the key registered for its issuer";
  if (client_it == by_issuer_.end()) return refused(not_verified);
  const JwtClient& client = client_it->second;
  const std::string* alg = stringClaim(*header, "alg");
  if (alg == nullptr || *alg != jwtAlgorithmName(client.algorithm)) {
    return refused(std::string("the JWT must be signed with ") +
                   jwtAlgorithmName(client.algorithm) + " (its header says " +
                   (alg != nullptr ? *alg : std::string("nothing")) + ")");
  }
  if (!signatureValid(client, token.substr(0, dot2), *signature)) return refused(not_verified);

  // Signed by the client: the claims are its own, now check they are meant for now and here.
  const std::string* sub = stringClaim(*claims, "sub");
  if (sub == nullptr || *sub != client.issuer) {
    return refused("the JWT's sub must equal its iss (RFC 7523 client authentication)");
  }
  if (!audienceContains(claims->member("aud"), policy_.audience)) {
    return refused("the JWT's aud does not name this broker (" + policy_.audience + ")");
  }
  const double now = std::chrono::duration<double>(at.time_since_epoch()).count();
  const double skew = static_cast<double>(policy_.max_skew.count());
  const std::optional<double> exp = dateClaim(*claims, "exp");
  if (!exp) return refused("the JWT has no exp (expiry) claim");
  if (now > *exp + skew) return refused("the JWT has expired");
  if (const std::optional<double> nbf = dateClaim(*claims, "nbf"); nbf && *nbf > now + skew) {
    return refused("the JWT is not valid yet (nbf)");
  }
  const std::optional<double> iat = dateClaim(*claims, "iat");
  if (iat && *iat > now + skew) return refused("the JWT was issued in the future (iat)");
  const double lifetime_from = iat ? *iat : now;
  if (*exp - lifetime_from > static_cast<double>(policy_.max_lifetime.count()) + skew) {
    return refused("the JWT is valid for longer than " +
                   std::to_string(policy_.max_lifetime.count()) + " seconds");
  }
  JwtCheck check;
  if (const std::string* jti = stringClaim(*claims, "jti"); jti != nullptr) {
    if (!firstUse(client.issuer, *jti, *exp + skew, now)) {
      return refused("the JWT's jti was used before: a client assertion is used once");
    }
    check.jti = *jti;
  }
  check.ok = true;
  check.unit = client.unit;
  return check;
}

bool JwtVerifier::firstUse(const std::string& issuer, const std::string& jti, double until,
                           double now) {
  std::lock_guard lock(seen_mutex_);
  // Forget what has expired: an expired token is refused by exp alone, so the set stays as
  // small as the tokens still valid.
  while (!jti_by_expiry_.empty() && jti_by_expiry_.begin()->first < now) {
    seen_jti_.erase(jti_by_expiry_.begin()->second);
    jti_by_expiry_.erase(jti_by_expiry_.begin());
  }
  std::string key = issuer + "\n" + jti;
  if (!seen_jti_.emplace(key, until).second) return false;
  jti_by_expiry_.emplace(until, std::move(key));
  return true;
}

}  // namespace renkei::rest

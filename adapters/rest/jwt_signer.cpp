#include "adapters/rest/jwt_signer.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

#include "adapters/rest/base64url.h"
#include "broker/core/json_text.h"

namespace renkei::rest {
namespace {

std::string hmacSha256(const std::string& input, const std::string& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return std::string(reinterpret_cast<char*>(mac), length);
}

// RSASSA-PKCS1-v1_5 (RS256) or ECDSA (ES256) over SHA-256, as OpenSSL writes it: PKCS#1 bytes,
// or an ECDSA-Sig-Value in DER.
std::string digestSign(const std::string& input, EVP_PKEY* key) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1) {
    throw std::runtime_error("OpenSSL could not sign the JWT");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     input.size()) != 1) {
    throw std::runtime_error("OpenSSL could not sign the JWT");
  }
  signature.resize(length);
  return signature;
}

// JWS wants ES256's signature as R || S, 32 bytes each (RFC 7518 §3.4), not DER.
std::string rawEcdsa(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), &ECDSA_SIG_free);
  unsigned char rs[64] = {};
  if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rs + 32, 32) != 32) {
    throw std::runtime_error("OpenSSL's ECDSA signature could not be read");
  }
  return std::string(reinterpret_cast<char*>(rs), sizeof rs);
}

}  // namespace

std::string signJwt(const JwtToSign& token, const JwtSigningKey& key,
                    std::chrono::system_clock::time_point now) {
  const long long iat =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string claims =
      "{\"iss\":" + jsonString(token.issuer) + ",\"sub\":" + jsonString(token.issuer) +
      ",\"aud\":" + jsonString(token.audience) + ",\"iat\":" + std::to_string(iat) +
      ",\"exp\":" + std::to_string(iat + token.lifetime.count()) +
      ",\"jti\":" + jsonString(token.jti) + "}";
  const std::string input =
      encodeBase64Url(std::string("{\"alg\":\"") + jwtAlgorithmName(key.algorithm) +
                      "\",\"typ\":\"JWT\"}") +
      "." + encodeBase64Url(claims);
  std::string signature;
  switch (key.algorithm) {
    case JwtAlgorithm::kHs256:
      signature = hmacSha256(input, key.secret);
      break;
    case JwtAlgorithm::kRs256:
      signature = digestSign(input, key.private_key.get());
      break;
    case JwtAlgorithm::kEs256:
      signature = rawEcdsa(digestSign(input, key.private_key.get()));
      break;
  }
  return input + "." + encodeBase64Url(signature);
}

}  // namespace renkei::rest

#pragma once
// What a REST client does before it calls the broker: make a key (RSA, EC P-256 or a secret)
// and sign a client assertion with it (RFC 7523). Written apart from the broker's own signer
// (adapters/rest/jwt_signer.h) on purpose: each checks the other.
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/rest/base64url.h"
#include "broker/core/json_text.h"

namespace renkei::testing {

struct KeyPair {
  std::shared_ptr<EVP_PKEY> key;
  std::string public_pem;
};

inline KeyPair makeKeyPair(const std::string& algorithm) {
  EVP_PKEY* raw = algorithm == "RS256" ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  if (raw == nullptr) throw std::runtime_error("key generation failed");
  KeyPair pair{std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free), {}};
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, raw);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  pair.public_pem.assign(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pair;
}

// The private half as unencrypted PKCS#8 PEM (what `openssl genpkey` writes).
inline std::string privatePem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return pem;
}

struct Claims {
  std::string iss;
  std::string sub;  // empty: same as iss
  std::string aud;
  long long exp_in = 300;  // seconds from now
  long long iat_in = 0;
  std::string jti;  // empty: none
};

inline std::string claimsJson(const Claims& c) {
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::string json =
      "{\"iss\":" + jsonString(c.iss) + ",\"sub\":" + jsonString(c.sub.empty() ? c.iss : c.sub) +
      ",\"aud\":" + jsonString(c.aud) + ",\"exp\":" + std::to_string(now + c.exp_in) +
      ",\"iat\":" + std::to_string(now + c.iat_in);
  if (!c.jti.empty()) json += ",\"jti\":" + jsonString(c.jti);
  return json + "}";
}

// header.claims.signature; `key` for RS256/ES256, `secret` for HS256.
inline std::string signJwt(const std::string& alg, const std::string& claims_json, EVP_PKEY* key,
                           const std::string& secret = {}) {
  const std::string input = rest::encodeBase64Url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") +
                            "." + rest::encodeBase64Url(claims_json);
  std::string signature;
  if (alg == "HS256") {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
    signature.assign(reinterpret_cast<char*>(mac), length);
  } else {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string der(length, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(der.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    der.resize(length);
    EVP_MD_CTX_free(ctx);
    if (alg == "ES256") {
      // DER (OpenSSL) to R || S (JWS).
      const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
      ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
      unsigned char rs[64] = {};
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, 32);
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs + 32, 32);
      ECDSA_SIG_free(sig);
      signature.assign(reinterpret_cast<char*>(rs), 64);
    } else {
      signature = der;
    }
  }
  return input + "." + rest::encodeBase64Url(signature);
}

}  // namespace renkei::testing

// The broker's own tokens towards REST units (jwt_signer.h), checked by the verifier a REST
// unit would run: each algorithm verifies with the matching key and no other.
#include "adapters/rest/jwt_signer.h"

#include <gtest/gtest.h>

#include "adapters/rest/jwt_verifier.h"
#include "tests/adapters/rest/jwt_signing.h"

namespace renkei::rest {
namespace {

constexpr const char* kAudience = "https://kaigo.example.lg.jp/api/v1";
const std::string kSecret = "broker-to-kaigo-secret-0123456789abcdef";

JwtCheck verifyWith(const std::string& token, JwtAlgorithm algorithm, const PublicKey& key) {
  JwtVerifier verifier({JwtClient{"broker", "renkei-broker", algorithm,
                                  algorithm == JwtAlgorithm::kHs256 ? kSecret : "", key}},
                       JwtPolicy{kAudience, std::chrono::seconds(30), std::chrono::seconds(300)});
  return verifier.verify(token, std::chrono::system_clock::now());
}

std::string tokenFor(const JwtSigningKey& key) {
  return signJwt(JwtToSign{"renkei-broker", kAudience, "6f1c7c8e-2d4b-4a53-9a43-0f5a3b2c1d0e"}, key,
                 std::chrono::system_clock::now());
}

TEST(JwtSignerTest, EachAlgorithmVerifiesWithItsKeyOnly) {
  for (const char* name : {"RS256", "ES256"}) {
    SCOPED_TRACE(name);
    JwtAlgorithm algorithm{};
    ASSERT_TRUE(parseJwtAlgorithm(name, &algorithm));
    const testing::KeyPair pair = testing::makeKeyPair(name);
    const testing::KeyPair other = testing::makeKeyPair(name);
    JwtSigningKey key{algorithm, "",
                      loadPrivateKeyPem(testing::privatePem(pair.key.get()), algorithm)};
    const std::string token = tokenFor(key);
    EXPECT_EQ(token.rfind(encodeBase64Url(std::string("{\"alg\":\"") + name + "\""), 0), 0u);
    const JwtCheck ok = verifyWith(token, algorithm, loadPublicKeyPem(pair.public_pem, algorithm));
    EXPECT_TRUE(ok.ok) << ok.reason;
    EXPECT_EQ(ok.jti, "6f1c7c8e-2d4b-4a53-9a43-0f5a3b2c1d0e");
    EXPECT_FALSE(verifyWith(token, algorithm, loadPublicKeyPem(other.public_pem, algorithm)).ok)
        << "another key's public half must not verify it";
  }
  const std::string hs = tokenFor(JwtSigningKey{JwtAlgorithm::kHs256, kSecret, nullptr});
  const JwtCheck ok = verifyWith(hs, JwtAlgorithm::kHs256, nullptr);
  EXPECT_TRUE(ok.ok) << ok.reason;
}

TEST(JwtSignerTest, APrivateKeyOfTheWrongKindIsRefusedByName) {
  const testing::KeyPair ec = testing::makeKeyPair("ES256");
  try {
    loadPrivateKeyPem(testing::privatePem(ec.key.get()), JwtAlgorithm::kRs256);
    FAIL() << "an EC key was taken for RS256";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "RS256 needs an RSA private key");
  }
  EXPECT_THROW(loadPrivateKeyPem(ec.public_pem, JwtAlgorithm::kEs256), std::runtime_error);
}

}  // namespace
}  // namespace renkei::rest

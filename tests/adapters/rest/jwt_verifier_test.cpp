// Client assertions (RFC 7523) as the bridge verifies them, with keys made here by OpenSSL:
// each algorithm accepted when right, and refused for every way a token can be wrong.
#include "adapters/rest/jwt_verifier.h"

#include <gtest/gtest.h>

#include "adapters/rest/base64url.h"
#include "tests/adapters/rest/jwt_signing.h"

namespace renkei::rest {
namespace {

using renkei::testing::Claims;
using renkei::testing::claimsJson;
using renkei::testing::makeKeyPair;
using renkei::testing::signJwt;

constexpr const char* kAudience = "https://broker.example.lg.jp/api/v1";
const std::string kSecret = "0123456789abcdef0123456789abcdef-kokuho";

struct Fixture {
  testing::KeyPair rsa = makeKeyPair("RS256");
  testing::KeyPair ec = makeKeyPair("ES256");
  testing::KeyPair other_ec = makeKeyPair("ES256");
  JwtVerifier verifier{clients(),
                       JwtPolicy{kAudience, std::chrono::seconds(60), std::chrono::seconds(3600)}};

  std::vector<JwtClient> clients() {
    std::vector<JwtClient> list(3);
    list[0] = {"062022/kokuho", "kokuho-client", JwtAlgorithm::kHs256, kSecret, nullptr};
    list[1] = {"062022/juminzei", "062022/juminzei", JwtAlgorithm::kRs256, "",
               loadPublicKeyPem(rsa.public_pem, JwtAlgorithm::kRs256)};
    list[2] = {"062014/kokuho", "062014/kokuho", JwtAlgorithm::kEs256, "",
               loadPublicKeyPem(ec.public_pem, JwtAlgorithm::kEs256)};
    return list;
  }

  JwtCheck check(const std::string& token) {
    return verifier.verify(token, std::chrono::system_clock::now());
  }
};

Claims claimsFor(const std::string& iss) {
  Claims claims;
  claims.iss = iss;
  claims.aud = kAudience;
  return claims;
}

TEST(JwtVerifier, AcceptsEachAlgorithmAndNamesTheUnit) {
  Fixture f;
  JwtCheck hs = f.check(signJwt("HS256", claimsJson(claimsFor("kokuho-client")), nullptr, kSecret));
  EXPECT_TRUE(hs.ok) << hs.reason;
  EXPECT_EQ(hs.unit, "062022/kokuho");
  JwtCheck rs =
      f.check(signJwt("RS256", claimsJson(claimsFor("062022/juminzei")), f.rsa.key.get()));
  EXPECT_TRUE(rs.ok) << rs.reason;
  EXPECT_EQ(rs.unit, "062022/juminzei");
  JwtCheck es = f.check(signJwt("ES256", claimsJson(claimsFor("062014/kokuho")), f.ec.key.get()));
  EXPECT_TRUE(es.ok) << es.reason;
  EXPECT_EQ(es.unit, "062014/kokuho");
}

void expectRefused(Fixture& f, const std::string& token, const std::string& says) {
  const JwtCheck check = f.check(token);
  EXPECT_FALSE(check.ok) << says;
  EXPECT_NE(check.reason.find(says), std::string::npos) << check.reason;
}

TEST(JwtVerifier, RefusesExpiredFutureAndOverlongTokens) {
  Fixture f;
  Claims expired = claimsFor("062014/kokuho");
  expired.exp_in = -120;
  expired.iat_in = -400;
  expectRefused(f, signJwt("ES256", claimsJson(expired), f.ec.key.get()), "has expired");
  Claims within_skew = claimsFor("062014/kokuho");
  within_skew.exp_in = -30;  // the clocks may differ by up to a minute
  within_skew.iat_in = -300;
  EXPECT_TRUE(f.check(signJwt("ES256", claimsJson(within_skew), f.ec.key.get())).ok);
  Claims future = claimsFor("062014/kokuho");
  future.iat_in = 600;
  future.exp_in = 900;
  expectRefused(f, signJwt("ES256", claimsJson(future), f.ec.key.get()), "issued in the future");
  Claims long_lived = claimsFor("062014/kokuho");
  long_lived.exp_in = 86400;
  expectRefused(f, signJwt("ES256", claimsJson(long_lived), f.ec.key.get()), "longer than 3600");
}

TEST(JwtVerifier, RefusesAnotherKeyAnotherAudienceAndAnotherSubject) {
  Fixture f;
  const std::string not_verified = "signature does not verify";
  // Signed by another key claiming to be 062014/kokuho.
  expectRefused(f, signJwt("ES256", claimsJson(claimsFor("062014/kokuho")), f.other_ec.key.get()),
                not_verified);
  // A wrong HMAC secret, and an issuer nobody registered: the same answer.
  expectRefused(f, signJwt("HS256", claimsJson(claimsFor("kokuho-client")), nullptr, kSecret + "x"),
                not_verified);
  expectRefused(f, signJwt("HS256", claimsJson(claimsFor("stranger")), nullptr, kSecret),
                not_verified);
  Claims audience = claimsFor("062014/kokuho");
  audience.aud = "https://other-broker.example/api/v1";
  expectRefused(f, signJwt("ES256", claimsJson(audience), f.ec.key.get()), "aud does not name");
  Claims subject = claimsFor("062014/kokuho");
  subject.sub = "062022/juki";
  expectRefused(f, signJwt("ES256", claimsJson(subject), f.ec.key.get()), "sub must equal");
}

TEST(JwtVerifier, TheConfiguredAlgorithmDecidesNotTheToken) {
  Fixture f;
  // "none", and HS256 keyed with the RSA client's public key (the classic confusion attack).
  const std::string claims = claimsJson(claimsFor("062022/juminzei"));
  const std::string none =
      encodeBase64Url("{\"alg\":\"none\"}") + "." + encodeBase64Url(claims) + ".";
  expectRefused(f, none, "must be signed with RS256");
  expectRefused(f, signJwt("HS256", claims, nullptr, f.rsa.public_pem),
                "must be signed with RS256");
}

TEST(JwtVerifier, RefusesAReplayedJtiAndMalformedTokens) {
  Fixture f;
  Claims once = claimsFor("kokuho-client");
  once.jti = "a3f0c2d4-0001";
  const std::string token = signJwt("HS256", claimsJson(once), nullptr, kSecret);
  EXPECT_TRUE(f.check(token).ok);
  expectRefused(f, token, "jti was used before");
  for (const char* bad : {"", "abc", "a.b", "a.b.c.d", "!!!.e30.", "e30.e30.!!"}) {
    EXPECT_FALSE(f.check(bad).ok) << bad;
  }
}

TEST(JwtVerifier, LoadsOnlyKeysThatFitTheAlgorithm) {
  Fixture f;
  EXPECT_THROW(loadPublicKeyPem(f.ec.public_pem, JwtAlgorithm::kRs256), std::runtime_error);
  EXPECT_THROW(loadPublicKeyPem(f.rsa.public_pem, JwtAlgorithm::kEs256), std::runtime_error);
  EXPECT_THROW(loadPublicKeyPem("not a key", JwtAlgorithm::kEs256), std::runtime_error);
}

TEST(Base64Url, RoundTripsAndRefusesOtherSpellings) {
  for (const std::string bytes : {"", "f", "fo", "foo", "foob", "\xff\xfe\x00\x01"}) {
    EXPECT_EQ(decodeBase64Url(encodeBase64Url(bytes)), bytes);
  }
  EXPECT_FALSE(decodeBase64Url("Zm9v=").has_value());
  EXPECT_FALSE(decodeBase64Url("a+b/").has_value());
  EXPECT_FALSE(decodeBase64Url("Zh").has_value());  // unused bits set
}

}  // namespace
}  // namespace renkei::rest

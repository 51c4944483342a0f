// The signature stage and its xml-security-c verifier against envelopes signed by xmlsec1 with
// certificates made by the openssl CLI: what a vendor unit would send.
#include "broker/stages/signature_stage.h"

#include <gtest/gtest.h>

#include <memory>

#include "broker/stages/header_check_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/wssec/wsu_time.h"
#include "broker/wssec/xsec_signature_verifier.h"
#include "tests/support/wssec_signing.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei {
namespace {

using testing::KeyKind;
using testing::SigningIdentity;
using testing::SignOptions;
using testing::TestPki;

std::string sample(const std::string& name) {
  return testing::readWholeFile(std::string(RENKEI_SOURCE_DIR) + "/examples/traffic/" + name);
}

class SignatureStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    ca_ = pki_->makeCa("platform-ca");
    kokuho_ = pki_->makeCert(ca_, "kokuho", KeyKind::kRsa);
    kokuho_ec_ = pki_->makeCert(ca_, "kokuho-ec", KeyKind::kEc);
    juminzei_ = pki_->makeCert(ca_, "juminzei", KeyKind::kRsa);
    const SigningIdentity rogue_ca = pki_->makeCa("rogue-ca");
    rogue_ = pki_->makeCert(rogue_ca, "rogue", KeyKind::kRsa);
  }
  static void TearDownTestSuite() { delete pki_; }

  // One verifier per test: the clock is fixed at 2026-06-01 unless a test moves it.
  wssec::XsecSignatureVerifier verifier(const std::string& kokuho_fingerprint) {
    return wssec::XsecSignatureVerifier(
        wssec::TrustStore::load(ca_.cert, crl_),
        {{"062022/kokuho", kokuho_fingerprint}, {"062022/juminzei", sha256(juminzei_)}},
        std::chrono::seconds(300), [this] { return now_; });
  }
  static std::string sha256(const SigningIdentity& id) {
    std::string hex;
    for (char c : pki_->fingerprint(id)) {
      if (c != ':') hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return hex;
  }

  SignOptions signedBy(const SigningIdentity& id) {
    SignOptions o;
    o.signer = id;
    o.token_base64 = pki_->base64Der(id);
    return o;
  }
  std::string sign(const SignOptions& o,
                   const std::string& file = "ido-joho-shokai.kokuho-to-juki.xml") {
    return testing::signEnvelope(sample(file), o, *pki_);
  }

  // Parse and header check as in the broker, then the signature stage.
  StageResult run(const std::string& body, const std::string& kokuho_fp = "",
                  const char* content_type = "text/xml; charset=utf-8") {
    exchange_ = std::make_unique<Exchange>();
    exchange_->request.content_type = content_type;
    exchange_->request.body = body;
    ParseStage parse(test_support::projectSchemas(), xml::ParserLimits{});
    StageResult parsed = parse.process(*exchange_);
    if (!parsed.ok()) return parsed;
    HeaderCheckStage header;
    StageResult checked = header.process(*exchange_);
    if (!checked.ok()) return checked;
    auto v = verifier(kokuho_fp.empty() ? sha256(kokuho_) : kokuho_fp);
    return SignatureStage(v).process(*exchange_);
  }
  static std::string code(const StageResult& r) {
    return r.ok() ? "proceed" : std::string(faultSpec(r.fault()->code).name);
  }
  static std::string reason(const StageResult& r) { return r.ok() ? "" : r.fault()->reason; }

  static TestPki* pki_;
  static SigningIdentity ca_, kokuho_, kokuho_ec_, juminzei_, rogue_;
  std::chrono::system_clock::time_point now_ = *wssec::parseDateTime("2026-06-01T00:00:00Z");
  std::string crl_;  // a CRL file for the verifier, when a test sets one
  std::unique_ptr<Exchange> exchange_;
};
TestPki* SignatureStageTest::pki_ = nullptr;
SigningIdentity SignatureStageTest::ca_, SignatureStageTest::kokuho_,
    SignatureStageTest::kokuho_ec_, SignatureStageTest::juminzei_, SignatureStageTest::rogue_;

TEST_F(SignatureStageTest, UnsignedMessagePassesWithoutASigner) {
  StageResult r = run(sample("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_TRUE(r.ok()) << reason(r);
  EXPECT_FALSE(exchange_->signed_by_unit.has_value());
}

TEST_F(SignatureStageTest, RsaSignatureByTheSenderUnitVerifies) {
  StageResult r = run(sign(signedBy(kokuho_)));
  ASSERT_TRUE(r.ok()) << code(r) << ": " << reason(r);
  EXPECT_EQ(exchange_->signed_by_unit, "062022/kokuho");
}

TEST_F(SignatureStageTest, EcdsaSignatureVerifies) {
  SignOptions o = signedBy(kokuho_ec_);
  o.signature_method = testing::kEcdsaSha256Uri;
  StageResult r = run(sign(o), sha256(kokuho_ec_));
  ASSERT_TRUE(r.ok()) << code(r) << ": " << reason(r);
  EXPECT_EQ(exchange_->signed_by_unit, "062022/kokuho");
}

TEST_F(SignatureStageTest, Soap12EnvelopeVerifies) {
  StageResult r = run(sign(signedBy(kokuho_), "ido-joho-shokai.soap12.xml"), "",
                      "application/soap+xml; charset=utf-8");
  ASSERT_TRUE(r.ok()) << code(r) << ": " << reason(r);
  EXPECT_EQ(exchange_->signed_by_unit, "062022/kokuho");
}

TEST_F(SignatureStageTest, OneChangedByteInTheBodyIsSignatureInvalid) {
  std::string message = sign(signedBy(kokuho_));
  testing::replaceFirst(message, "000000000000001", "000000000000002");
  StageResult r = run(message);
  EXPECT_EQ(code(r), "Client.SignatureInvalid") << reason(r);
}

TEST_F(SignatureStageTest, ChangedPlatformHeaderIsSignatureInvalid) {
  std::string message = sign(signedBy(kokuho_));
  testing::replaceFirst(message, "kokuho-staff-014", "kokuho-staff-015");
  EXPECT_EQ(code(run(message)), "Client.SignatureInvalid");
}

TEST_F(SignatureStageTest, SignatureByAnotherUnitsKeyIsSignerMismatch) {
  StageResult r = run(sign(signedBy(juminzei_)));
  EXPECT_EQ(code(r), "Client.SignerMismatch");
  EXPECT_NE(reason(r).find("062022/juminzei"), std::string::npos) << reason(r);
  EXPECT_NE(reason(r).find("062022/kokuho"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, UnsignedPlatformHeaderIsUnsignedPart) {
  SignOptions o = signedBy(kokuho_);
  o.sign_platform_header = false;
  StageResult r = run(sign(o));
  EXPECT_EQ(code(r), "Client.UnsignedPart");
  EXPECT_NE(reason(r).find("platform header"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, UnsignedBodyAndTimestampAreUnsignedPart) {
  SignOptions o = signedBy(kokuho_);
  o.sign_body = false;
  StageResult body = run(sign(o));
  EXPECT_EQ(code(body), "Client.UnsignedPart");
  EXPECT_NE(reason(body).find("SOAP Body"), std::string::npos) << reason(body);
  o = signedBy(kokuho_);
  o.sign_timestamp = false;
  StageResult ts = run(sign(o));
  EXPECT_EQ(code(ts), "Client.UnsignedPart");
  EXPECT_NE(reason(ts).find("wsu:Timestamp"), std::string::npos) << reason(ts);
}

TEST_F(SignatureStageTest, CertificateFromAnotherCaIsRejected) {
  StageResult r = run(sign(signedBy(rogue_)));
  EXPECT_EQ(code(r), "Client.CertificateRejected");
  EXPECT_NE(reason(r).find("issuer"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, ExpiredCertificateIsRejected) {
  const SigningIdentity old =
      pki_->issueWithCaDatabase(ca_, "kokuho-2020", "20200101000000Z", "20200201000000Z");
  StageResult r = run(sign(signedBy(old)), sha256(old));
  EXPECT_EQ(code(r), "Client.CertificateRejected");
  EXPECT_NE(reason(r).find("expired"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, RevokedCertificateIsRejectedWhenACrlIsConfigured) {
  const SigningIdentity revoked =
      pki_->issueWithCaDatabase(ca_, "kokuho-revoked", "20260101000000Z", "20990101000000Z");
  const std::string message = sign(signedBy(revoked));
  EXPECT_TRUE(run(message, sha256(revoked)).ok()) << "valid until the CA revokes it";
  crl_ = pki_->revoke(ca_, revoked);
  StageResult r = run(message, sha256(revoked));
  EXPECT_EQ(code(r), "Client.CertificateRejected");
  EXPECT_NE(reason(r).find("revoked"), std::string::npos) << reason(r);
  // Certificates the CRL does not name still pass.
  EXPECT_TRUE(run(sign(signedBy(kokuho_))).ok());
}

TEST_F(SignatureStageTest, WithoutAConfiguredCaEverySignedMessageIsRejected) {
  // A broker without <signatures> must not route a signed message as if it had been checked.
  wssec::XsecSignatureVerifier untrusting(wssec::TrustStore::load("", ""),
                                          {{"062022/kokuho", sha256(kokuho_)}},
                                          std::chrono::seconds(300), [this] { return now_; });
  exchange_ = std::make_unique<Exchange>();
  exchange_->request.content_type = "text/xml; charset=utf-8";
  exchange_->request.body = sign(signedBy(kokuho_));
  ASSERT_TRUE(
      ParseStage(test_support::projectSchemas(), xml::ParserLimits{}).process(*exchange_).ok());
  ASSERT_TRUE(HeaderCheckStage().process(*exchange_).ok());
  StageResult r = SignatureStage(untrusting).process(*exchange_);
  EXPECT_EQ(code(r), "Client.CertificateRejected");
  EXPECT_NE(reason(r).find("no CA"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, Sha1SignatureIsUnsupportedAlgorithm) {
  SignOptions o = signedBy(kokuho_);
  o.signature_method = testing::kRsaSha1Uri;
  StageResult r = run(sign(o));
  EXPECT_EQ(code(r), "Client.UnsupportedAlgorithm");
  EXPECT_NE(reason(r).find("rsa-sha1"), std::string::npos) << reason(r);
  o = signedBy(kokuho_);
  o.digest_method = testing::kSha1DigestUri;
  EXPECT_EQ(code(run(sign(o))), "Client.UnsupportedAlgorithm");
}

TEST_F(SignatureStageTest, ExpiredTimestampIsSignatureExpired) {
  SignOptions o = signedBy(kokuho_);
  o.expires = "2026-05-31T23:00:00Z";
  StageResult r = run(sign(o));
  EXPECT_EQ(code(r), "Client.SignatureExpired") << reason(r);
}

TEST_F(SignatureStageTest, TimestampWithinClockSkewIsAccepted) {
  SignOptions o = signedBy(kokuho_);
  o.expires = "2026-05-31T23:58:00Z";  // two minutes ago, inside the 300 s tolerance
  EXPECT_TRUE(run(sign(o)).ok());
}

TEST_F(SignatureStageTest, DuplicateIdIsRefusedBeforeAnyReferenceIsResolved) {
  // Signature wrapping: a second element with the Body's Id where a verifier might look first.
  std::string message = sign(signedBy(kokuho_));
  testing::replaceFirst(message, "<wsse:Security>",
                        "<wsse:Security><x:Decoy xmlns:x=\"urn:x\" wsu:Id=\"Body-1\"/>");
  StageResult r = run(message);
  EXPECT_EQ(code(r), "Client.InvalidSecurityHeader");
  EXPECT_NE(reason(r).find("Body-1"), std::string::npos) << reason(r);
}

TEST_F(SignatureStageTest, TokenThatIsNotACertificateIsInvalidSecurityHeader) {
  SignOptions o = signedBy(kokuho_);
  o.token_base64 = "AAAA";
  EXPECT_EQ(code(run(sign(o))), "Client.InvalidSecurityHeader");
}

}  // namespace
}  // namespace renkei

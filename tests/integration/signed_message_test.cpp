// WS-Security end to end: messages signed by xmlsec1 (as a vendor unit would sign them) sent to a
// real broker on loopback, routed to the real juki unit, or refused each with its own code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "broker/config/config_loader.h"
#include "broker/server/broker_runtime.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/wssec_signing.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::testing {
namespace {

using test_support::TestHttpServer;

// The example configuration plus <signatures> trusting `ca_file`, and the kokuho unit bound to
// the certificate with `kokuho_fingerprint` (juminzei to `juminzei_fingerprint`).
class SignedBroker {
 public:
  SignedBroker(const BrokerSetup& setup, const std::string& ca_file,
               const std::string& kokuho_fingerprint, const std::string& juminzei_fingerprint,
               const std::string& more_signature_attributes = "") {
    char tmpl[] = "/tmp/renkei-it-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::string config = brokerConfigText(setup, dir_);
    replaceFirst(config, "  <services>",
                 "  <signatures caFile=\"" + ca_file + "\"" + more_signature_attributes +
                     "/>\n  <services>");
    replaceFirst(config, "<unit id=\"062022/kokuho\" ",
                 "<unit id=\"062022/kokuho\" signingCertSha256=\"" + kokuho_fingerprint + "\" ");
    replaceFirst(
        config, "<unit id=\"062022/juminzei\" ",
        "<unit id=\"062022/juminzei\" signingCertSha256=\"" + juminzei_fingerprint + "\" ");
    const std::string path = dir_ + "/renkei.xml";
    std::ofstream(path) << config;
    runtime_ = std::make_unique<BrokerRuntime>(loadBrokerConfig(path));
    runtime_->start();
  }
  ~SignedBroker() {
    runtime_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(runtime_->port()) + "/services/IdoJohoShokai";
  }
  std::vector<AuditRecord> audit() const {
    SqliteStore store(dir_ + "/renkei.db");
    std::vector<AuditRecord> records;
    store.forEachAudit([&](const AuditRecord& r) {
      records.push_back(r);
      return true;
    });
    return exchangesIn(std::move(records));  // the tests are about messages, not seeding
  }

 private:
  std::string dir_;
  std::unique_ptr<BrokerRuntime> runtime_;
};

class SignedMessageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    ca_ = pki_->makeCa("platform-ca");
    kokuho_ = pki_->makeCert(ca_, "kokuho", KeyKind::kRsa);
    kokuho_ec_ = pki_->makeCert(ca_, "kokuho-ec", KeyKind::kEc);
    juminzei_ = pki_->makeCert(ca_, "juminzei", KeyKind::kRsa);
    rogue_ = pki_->makeCert(pki_->makeCa("rogue-ca"), "rogue", KeyKind::kRsa);
    broker_ = pki_->makeCert(ca_, "broker", KeyKind::kRsa);
    juki_ = new UnitProcess("unit_juki");
  }
  static void TearDownTestSuite() {
    delete juki_;
    delete pki_;
  }

  static SignOptions signedBy(const SigningIdentity& id) {
    SignOptions o;
    o.signer = id;
    o.token_base64 = pki_->base64Der(id);
    return o;
  }
  static std::string sign(const SignOptions& o) {
    return signEnvelope(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"), o, *pki_);
  }
  std::unique_ptr<SignedBroker> brokerTo(const std::string& juki_url,
                                         const SigningIdentity& kokuho_cert,
                                         const std::string& more_signature_attributes = "") {
    return std::make_unique<SignedBroker>(BrokerSetup{{{"062022/juki", juki_url}}}, ca_.cert,
                                          pki_->fingerprint(kokuho_cert),
                                          pki_->fingerprint(juminzei_), more_signature_attributes);
  }
  // A refused message: its fault code, no unit called, one audit record with that code.
  void expectRefused(const std::string& message, const std::string& fault_code) {
    TestHttpServer receiver;
    auto broker = brokerTo(receiver.url(), kokuho_);
    HttpAnswer answer = client_.postAsIs(broker->url(), message);
    EXPECT_EQ(answer.status, 500) << answer.body;
    EXPECT_NE(answer.body.find("soap:" + fault_code), std::string::npos) << answer.body;
    EXPECT_EQ(answer.body.find("127.0.0.1"), std::string::npos) << "a fault named an endpoint";
    EXPECT_EQ(receiver.requestCount(), 0);
    auto audit = broker->audit();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].outcome, "refused");
    EXPECT_EQ(audit[0].fault_code, fault_code);
  }

  static TestPki* pki_;
  static SigningIdentity ca_, kokuho_, kokuho_ec_, juminzei_, rogue_, broker_;
  static UnitProcess* juki_;
  SoapClient client_;
};
TestPki* SignedMessageTest::pki_ = nullptr;
SigningIdentity SignedMessageTest::ca_, SignedMessageTest::kokuho_, SignedMessageTest::kokuho_ec_,
    SignedMessageTest::juminzei_, SignedMessageTest::rogue_, SignedMessageTest::broker_;
UnitProcess* SignedMessageTest::juki_ = nullptr;

TEST_F(SignedMessageTest, XmlsecSignedMessageIsRoutedToTheRealUnit) {
  auto broker = brokerTo(juki_->url(), kokuho_);
  HttpAnswer answer = client_.postAsIs(broker->url(), sign(signedBy(kokuho_)));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("IdoJohoShokaiResponse"), std::string::npos) << answer.body;
  auto audit = broker->audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].outcome, "routed");
}

TEST_F(SignedMessageTest, EcdsaSignedMessageIsRouted) {
  auto broker = brokerTo(juki_->url(), kokuho_ec_);
  SignOptions o = signedBy(kokuho_ec_);
  o.signature_method = kEcdsaSha256Uri;
  HttpAnswer answer = client_.postAsIs(broker->url(), sign(o));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("IdoJohoShokaiResponse"), std::string::npos) << answer.body;
}

TEST_F(SignedMessageTest, TheUnitReceivesTheSignedBytesUnchanged) {
  // The receiver can check the sender's signature itself: nothing was re-serialized.
  TestHttpServer receiver;
  auto broker = brokerTo(receiver.url(), kokuho_);
  const std::string message = sign(signedBy(kokuho_));
  client_.postAsIs(broker->url(), message);
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, message);
}

TEST_F(SignedMessageTest, OneChangedByteInTheBodyIsSignatureInvalid) {
  std::string message = sign(signedBy(kokuho_));
  replaceFirst(message, "<juki:KijunDate>2024-06-01", "<juki:KijunDate>2024-06-02");
  expectRefused(message, "Client.SignatureInvalid");
}

TEST_F(SignedMessageTest, AnotherUnitsKeyIsSignerMismatch) {
  expectRefused(sign(signedBy(juminzei_)), "Client.SignerMismatch");
}

TEST_F(SignedMessageTest, UnsignedPlatformHeaderIsUnsignedPart) {
  SignOptions o = signedBy(kokuho_);
  o.sign_platform_header = false;
  expectRefused(sign(o), "Client.UnsignedPart");
}

TEST_F(SignedMessageTest, CertificateFromAnotherCaIsRejected) {
  expectRefused(sign(signedBy(rogue_)), "Client.CertificateRejected");
}

TEST_F(SignedMessageTest, Sha1SignatureIsUnsupportedAlgorithm) {
  SignOptions o = signedBy(kokuho_);
  o.signature_method = kRsaSha1Uri;
  expectRefused(sign(o), "Client.UnsupportedAlgorithm");
}

TEST_F(SignedMessageTest, UnsignedMessagesStillPassWhereNoPolicyAsksForASignature) {
  auto broker = brokerTo(juki_->url(), kokuho_);
  HttpAnswer answer =
      client_.postAsIs(broker->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(answer.status, 200) << answer.body;
}

TEST_F(SignedMessageTest, BrokerSignsWhatItForwardsAndXmlsecVerifiesBothSignatures) {
  TestHttpServer receiver;
  auto broker =
      brokerTo(receiver.url(), kokuho_,
               " signKeyFile=\"" + broker_.key + "\" signCertFile=\"" + broker_.cert + "\"");
  client_.postAsIs(broker->url(), sign(signedBy(kokuho_)));
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string received = pki_->path("received.xml");
  std::ofstream(received, std::ios::binary) << requests[0].body;
  EXPECT_NE(requests[0].body.find("urn:renkei:broker"), std::string::npos);
  // The receiver's check that the message came through the broker: the first signature.
  EXPECT_NO_THROW(runCommand("xmlsec1 --verify --pubkey-cert-pem " + broker_.cert + " " + received,
                             pki_->path("verify-broker.log")));
  // The sender's own signature still holds in what the unit received.
  EXPECT_NO_THROW(runCommand("xmlsec1 --verify --pubkey-cert-pem " + kokuho_.cert +
                                 " --id-attr:Id Timestamp --id-attr:Id PlatformHeader"
                                 " --id-attr:Id Body --node-xpath "
                                 "\"(//*[local-name()='Signature'])[2]\" " +
                                 received,
                             pki_->path("verify-sender.log")));
  // And a broker key that is not the signer's is refused by the same check.
  EXPECT_THROW(runCommand("xmlsec1 --verify --pubkey-cert-pem " + kokuho_.cert + " " + received,
                          pki_->path("verify-wrong.log")),
               std::runtime_error);
}

TEST_F(SignedMessageTest, BrokerSignsUnsignedMessagesToo) {
  TestHttpServer receiver;
  auto broker =
      brokerTo(receiver.url(), kokuho_,
               " signKeyFile=\"" + broker_.key + "\" signCertFile=\"" + broker_.cert + "\"");
  client_.postAsIs(broker->url(), trafficFile("ido-joho-shokai.soap12.xml"),
                   "application/soap+xml; charset=utf-8");
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string received = pki_->path("received12.xml");
  std::ofstream(received, std::ios::binary) << requests[0].body;
  EXPECT_NO_THROW(runCommand("xmlsec1 --verify --pubkey-cert-pem " + broker_.cert + " " + received,
                             pki_->path("verify-broker12.log")));
}

}  // namespace
}  // namespace renkei::testing

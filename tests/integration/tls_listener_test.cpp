// The unit-facing listener over TLS with client certificates, and who a caller is allowed to be:
// real certificates (tests/support/test_pki.h), the real broker, the real juki sample unit.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <vector>

#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/tls_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/test_pki.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

std::string listRequest(const std::string& unit) {
  return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
         "<reg:ListAllowedServicesRequest xmlns:reg=\"urn:renkei:registry:v1\"><reg:UnitId>" +
         unit + "</reg:UnitId></reg:ListAllowedServicesRequest></soap:Body></soap:Envelope>";
}

BrokerSetup tlsSetup(const TestPki& pki, const std::string& juki_endpoint) {
  BrokerSetup setup;
  setup.endpoints["062022/juki"] = juki_endpoint;
  setup.workers = 4;
  setup.queue = 8;
  setup.request_timeout_ms = 800;  // also the handshake deadline
  setup.config_edits = {
      {"maxConnectionsPerPeer=\"2000\"/>",
       "maxConnectionsPerPeer=\"2000\"><tls certificate=\"" + pki.crt("broker") + "\" key=\"" +
           pki.key("broker") + "\" ca=\"" + pki.crt("ca") + "\" crl=\"" + pki.crl() +
           "\" clientCertificate=\"optional\"/></listen>"},
      // 国保 is bound by fingerprint, 住民税 by subject; 住基 stays plain (loopback only).
      {"owner=\"米沢市 国保年金課\" connection=\"plain\"",
       "owner=\"米沢市 国保年金課\" connection=\"mtls\" certificateSha256=\"" +
           pki.fingerprint("kokuho") + "\""},
      {"owner=\"米沢市 税務課\" connection=\"plain\"",
       "owner=\"米沢市 税務課\" connection=\"mtls\" "
       "certificateSubject=\"CN=062022-juminzei,O=Yonezawa City,C=JP\""},
  };
  return setup;
}

class TlsListenerTest : public ::testing::Test {
 protected:
  TlsListenerTest()
      : juki_("unit_juki"), broker_(tlsSetup(pki_, juki_.url())), port_(broker_.runtime().port()) {}

  int port() const { return port_; }
  std::string url(const std::string& path = "/services/IdoJohoShokai") const {
    return "https://127.0.0.1:" + std::to_string(port()) + path;
  }
  TlsClientFiles as(const std::string& unit) const {
    return TlsClientFiles{pki_.crt("ca"), pki_.crt(unit), pki_.key(unit)};
  }
  TlsClientFiles anonymous() const { return TlsClientFiles{pki_.crt("ca"), "", ""}; }

  TestPki pki_;
  UnitProcess juki_;
  RunningBroker broker_;
  int port_;
  const std::string kokuho_to_juki_ = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
};

TEST_F(TlsListenerTest, KokuhoWithItsCertificateIsRouted) {
  HttpAnswer answer = tlsPost(url(), kokuho_to_juki_, as("kokuho"));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(contains(answer.body, "IdoJohoShokaiResponse")) << answer.body;
}

TEST_F(TlsListenerTest, NoCertificateIsUnauthenticated) {
  HttpAnswer answer = tlsPost(url(), kokuho_to_juki_, anonymous());
  EXPECT_EQ(answer.status, 500);
  EXPECT_TRUE(contains(answer.body, "Client.Unauthenticated")) << answer.body;
}

TEST_F(TlsListenerTest, JuminzeisCertificateClaimingToBeKokuhoIsASenderMismatch) {
  HttpAnswer answer = tlsPost(url(), kokuho_to_juki_, as("juminzei"));
  EXPECT_TRUE(contains(answer.body, "Client.SenderMismatch")) << answer.body;
  EXPECT_TRUE(contains(answer.body, "062022/juminzei")) << answer.body;
  EXPECT_FALSE(contains(answer.body, juki_.url())) << "a fault never names an endpoint";
}

TEST_F(TlsListenerTest, ACertificateFromAnotherCaIsRefusedInTheHandshake) {
  // Its subject even says 062022-kokuho: only the CA makes a certificate count.
  EXPECT_THROW(tlsPost(url(), kokuho_to_juki_, as("stranger")), std::runtime_error);
}

TEST_F(TlsListenerTest, ARevokedCertificateIsRefusedInTheHandshake) {
  EXPECT_THROW(tlsPost(url(), kokuho_to_juki_, as("revoked")), std::runtime_error);
  // The listener is fine afterwards.
  EXPECT_EQ(tlsPost(url(), kokuho_to_juki_, as("kokuho")).status, 200);
}

TEST_F(TlsListenerTest, Tls11IsRefusedAndTls13IsNegotiated) {
  std::string why;
  EXPECT_FALSE(handshakeWithOnly(port(), TLS1_1_VERSION, &why));
  EXPECT_TRUE(contains(why, "protocol version") || contains(why, "unsupported protocol")) << why;
  EXPECT_TRUE(handshakeWithOnly(port(), TLS1_2_VERSION, &why)) << why;
  EXPECT_TRUE(handshakeWithOnly(port(), TLS1_3_VERSION, &why)) << why;
}

TEST_F(TlsListenerTest, APlainUnitStillCallsFromLoopbackWithoutACertificate) {
  // 住基 (plain) -> 国保: authenticated by loopback, refused only later because nobody
  // listens at 国保's endpoint in this test.
  HttpAnswer answer = tlsPost(url("/services/ShikakuJohoShokai"),
                              trafficFile("shikaku-joho-shokai.juki-to-kokuho.xml"), anonymous());
  EXPECT_FALSE(contains(answer.body, "Client.Unauthenticated")) << answer.body;
  EXPECT_TRUE(contains(answer.body, "Server.ReceiverUnavailable")) << answer.body;
}

TEST_F(TlsListenerTest, HandshakeStallersHoldNoWorkerAndAreClosedAtTheDeadline) {
  // More stallers than workers: each has connected and sent nothing (or half a hello).
  std::vector<std::unique_ptr<RawConnection>> stallers;
  for (int i = 0; i < 8; ++i) {
    stallers.push_back(std::make_unique<RawConnection>(port()));
    if (i % 2) stallers.back()->send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9));
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(tlsPost(url(), kokuho_to_juki_, as("kokuho")).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(700))
      << "a real caller waited for the stallers";
  for (auto& staller : stallers) {
    EXPECT_TRUE(staller->closedByPeer(std::chrono::milliseconds(3000)));
  }
}

TEST_F(TlsListenerTest, ListAllowedServicesAnswersOnlyTheAuthenticatedCaller) {
  HttpAnswer mine = tlsPost(url("/registry"), listRequest("062022/kokuho"), as("kokuho"));
  EXPECT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(contains(mine.body, "KOKUHO-SHIKAKU")) << mine.body;

  HttpAnswer someone_elses =
      tlsPost(url("/registry"), listRequest("062022/kokuho"), as("juminzei"));
  EXPECT_TRUE(contains(someone_elses.body, "Client.SenderMismatch")) << someone_elses.body;

  // Without a credential, a registered unit and an unknown one get the same answer.
  HttpAnswer registered = tlsPost(url("/registry"), listRequest("062022/kokuho"), anonymous());
  HttpAnswer unknown = tlsPost(url("/registry"), listRequest("062022/nobody"), anonymous());
  EXPECT_TRUE(contains(registered.body, "Client.Unauthenticated")) << registered.body;
  EXPECT_EQ(registered.status, unknown.status);
  EXPECT_EQ(firstElementText(registered.body, "faultstring"),
            firstElementText(unknown.body, "faultstring"));
}

}  // namespace
}  // namespace renkei::testing

namespace renkei::testing {
namespace {

TEST(TlsConfigCheck, ConfigCheckShowsTlsAndPoliciesAndRefusesAMismatchedKey) {
  TestPki pki;
  BrokerSetup setup = tlsSetup(pki, "http://127.0.0.1:9/");
  const std::string path = pki.dir() + "/renkei.xml";
  std::ofstream(path) << brokerConfigText(setup, pki.dir());
  CommandOutput ok = runRenkeiCommand("config check --config " + path);
  EXPECT_EQ(ok.status, 0) << ok.text;
  EXPECT_TRUE(contains(ok.text, "client certificates optional")) << ok.text;
  EXPECT_TRUE(contains(ok.text, "062022/kokuho: mtls, certificate sha256")) << ok.text;
  EXPECT_TRUE(contains(ok.text, "062022/juki: plain (loopback callers only)")) << ok.text;

  setup.config_edits[0].second = "maxConnectionsPerPeer=\"2000\"><tls certificate=\"" +
                                 pki.crt("broker") + "\" key=\"" + pki.key("kokuho") +
                                 "\"/></listen>";
  setup.config_edits.resize(1);
  std::ofstream(path) << brokerConfigText(setup, pki.dir());
  CommandOutput bad = runRenkeiCommand("config check --config " + path);
  EXPECT_NE(bad.status, 0);
  EXPECT_TRUE(contains(bad.text, "element <tls> in <listen>: attribute key")) << bad.text;
  EXPECT_TRUE(contains(bad.text, "does not match the certificate")) << bad.text;
}

}  // namespace
}  // namespace renkei::testing

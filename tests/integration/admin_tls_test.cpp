// The admin listener over TLS with required client certificates, and its Host check (DNS
// rebinding defence), with real certificates and sockets.
#include <gtest/gtest.h>

#include "tests/integration/support/admin_tls_broker.h"
#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/tls_client.h"
#include "tests/support/test_pki.h"

namespace renkei::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class AdminTlsTest : public ::testing::Test {
 protected:
  std::string url(const std::string& path = "/") const { return admin_.url(path); }
  TlsClientFiles operatorFiles() const { return admin_.operatorFiles(); }
  const TestPki& pki() const { return admin_.pki(); }

  AdminTlsBroker admin_;
};

TEST_F(AdminTlsTest, AClientWithACertificateGetsTheWebViewAndTheWsdl) {
  HttpAnswer page = tlsRequest(url(), "", operatorFiles());
  EXPECT_EQ(page.status, 200) << page.body;
  HttpAnswer wsdl = tlsRequest(url("/registry.wsdl"), "", operatorFiles());
  EXPECT_EQ(wsdl.status, 200);
  EXPECT_TRUE(contains(wsdl.body, "ListLinks")) << wsdl.body.substr(0, 200);
}

TEST_F(AdminTlsTest, NoCertificateOrARevokedOneGetsNoConnection) {
  EXPECT_THROW(tlsRequest(url(), "", TlsClientFiles{pki().crt("ca"), "", ""}), std::runtime_error);
  EXPECT_THROW(
      tlsRequest(url(), "",
                 TlsClientFiles{pki().crt("ca"), pki().crt("revoked"), pki().key("revoked")}),
      std::runtime_error);
  EXPECT_EQ(tlsRequest(url(), "", operatorFiles()).status, 200) << "the listener goes on";
}

TEST_F(AdminTlsTest, AForeignHostHeaderIsRefusedForPagesAndSoap) {
  // What this test checks is the Host rule, after the handshake. In two CI rehearsals under
  // ASan with other tests in parallel, one handshake of the three failed ("SSL connect error";
  // the listener logged "wrong version number") and 17 and 12 reruns alone passed: a request
  // whose handshake failed is made once more so that the rule is still what is tested. The
  // stray handshake failure is noted for the listener's own investigation.
  const auto tlsRequest = [](const std::string& to, const std::string& body,
                             const TlsClientFiles& files, const std::string& host) {
    try {
      return testing::tlsRequest(to, body, files, host);
    } catch (const std::runtime_error& e) {
      if (std::string(e.what()) != "SSL connect error") throw;
      return testing::tlsRequest(to, body, files, host);
    }
  };
  HttpAnswer page = tlsRequest(url(), "", operatorFiles(), "rebound.attacker.example:8081");
  EXPECT_EQ(page.status, 421);
  EXPECT_TRUE(contains(page.body, "allowedHosts")) << page.body;
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body></soap:Envelope>";
  HttpAnswer soap = tlsRequest(url(), list_links, operatorFiles(), "rebound.attacker.example");
  EXPECT_EQ(soap.status, 421) << soap.body;
  HttpAnswer allowed = tlsRequest(url(), list_links, operatorFiles(), "localhost:8081");
  EXPECT_EQ(allowed.status, 200) << allowed.body;
}

TEST(AdminHostHeader, ThePlainAdminListenerChecksHostToo) {
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  RawConnection foreign(admin.port());
  foreign.send("GET / HTTP/1.1\r\nHost: rebound.attacker.example\r\n\r\n");
  EXPECT_TRUE(contains(foreign.readResponse(), " 421 ")) << "DNS rebinding";
  RawConnection local(admin.port());
  local.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_TRUE(contains(local.readResponse(), " 200 "));
}

}  // namespace
}  // namespace renkei::testing

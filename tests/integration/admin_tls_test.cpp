// The admin listener over TLS with required client certificates, and its Host check (DNS
// rebinding defence), with real certificates and sockets.
#include <gtest/gtest.h>

#include "tests/integration/support/admin_tls_broker.h"
#include "tests/integration/support/handshaken_tls_connection.h"
#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/tls_client.h"
#include "tests/support/test_pki.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

class AdminTlsTest : public ::testing::Test {
 protected:
  std::string url(const std::string& path = "/") const { return admin_.url(path); }
  const TestPki& pki() const { return admin_.pki(); }

  AdminTlsBroker admin_;
};

TEST_F(AdminTlsTest, AClientWithACertificateGetsTheWebViewAndTheWsdl) {
  HttpAnswer page = admin_.operatorRequest("/");
  EXPECT_EQ(page.status, 200) << page.body;
  HttpAnswer wsdl = admin_.operatorRequest("/registry.wsdl");
  EXPECT_EQ(wsdl.status, 200);
  EXPECT_TRUE(contains(wsdl.body, "ListLinks")) << wsdl.body.substr(0, 200);
}

TEST_F(AdminTlsTest, NoCertificateOrARevokedOneGetsNoConnection) {
  EXPECT_THROW(tlsRequest(url(), "", TlsClientFiles{pki().crt("ca"), "", ""}), std::runtime_error);
  EXPECT_THROW(
      tlsRequest(url(), "",
                 TlsClientFiles{pki().crt("ca"), pki().crt("revoked"), pki().key("revoked")}),
      std::runtime_error);
  EXPECT_EQ(admin_.operatorRequest("/").status, 200) << "the listener goes on";
}

TEST_F(AdminTlsTest, AForeignHostHeaderIsRefusedForPagesAndSoap) {
  HttpAnswer page = admin_.operatorRequest("/", "", "rebound.attacker.example:8081");
  EXPECT_EQ(page.status, 421);
  EXPECT_TRUE(contains(page.body, "allowedHosts")) << page.body;
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body></soap:Envelope>";
  HttpAnswer soap = admin_.operatorRequest("/", list_links, "rebound.attacker.example");
  EXPECT_EQ(soap.status, 421) << soap.body;
  HttpAnswer allowed = admin_.operatorRequest("/", list_links, "localhost:8081");
  EXPECT_EQ(allowed.status, 200) << allowed.body;
}

// A client that asks for the connection to end is told so in TLS (a close_notify) after the
// answer: without it a client cannot tell a whole answer from one cut short, and OpenSSL 3
// clients report "unexpected eof while reading". gSOAP closes such a connection itself once the
// answer is sent; the listener used to send the close_notify after that, into whatever socket
// had been given the same descriptor number meanwhile (once a new connection's handshake,
// failing with "wrong version number").
TEST_F(AdminTlsTest, AClientThatAsksToCloseGetsATlsCloseAfterItsAnswer) {
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body></soap:Envelope>";
  const std::string requests[] = {
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
      "Connection: close\r\nContent-Length: " +
          std::to_string(list_links.size()) + "\r\n\r\n" + list_links,
  };
  for (const std::string& request : requests) {
    HandshakenTlsConnection client(admin_.port(), admin_.operatorFiles());
    ASSERT_TRUE(client.established());
    ASSERT_TRUE(client.send(request));
    const HandshakenTlsConnection::Ending ending = client.readToEnd();
    EXPECT_TRUE(contains(ending.received, "HTTP/1.1 200 ")) << ending.received.substr(0, 300);
    EXPECT_TRUE(ending.close_notify) << request.substr(0, request.find('\r'));
  }
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

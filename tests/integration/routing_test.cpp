// End to end through the real broker: gSOAP engine, Xerces validation, SQLite registry and audit,
// libcurl forwarding to the real example units (gSOAP servers in their own processes).
#include <gtest/gtest.h>

#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::testing {
using test_support::TestHttpServer;
namespace {

class RoutingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    juki_ = new UnitProcess("unit_juki");
    kokuho_ = new UnitProcess("unit_kokuho");
  }
  static void TearDownTestSuite() {
    delete juki_;
    delete kokuho_;
  }
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(
        BrokerSetup{{{"062022/juki", juki_->url()}, {"062022/kokuho", kokuho_->url()}}});
  }

  static UnitProcess* juki_;
  static UnitProcess* kokuho_;
  std::unique_ptr<RunningBroker> broker_;
  SoapClient client_;
};
UnitProcess* RoutingTest::juki_ = nullptr;
UnitProcess* RoutingTest::kokuho_ = nullptr;

TEST_F(RoutingTest, ValidShokaiFromKokuhoToJukiIsRoutedAndAnsweredWithOneAuditRecord) {
  HttpAnswer answer =
      client_.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.content_type.find("text/xml"), std::string::npos);
  EXPECT_NE(answer.body.find("IdoJohoShokaiResponse"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("Fault"), std::string::npos) << answer.body;

  auto audit = broker_->exchanges();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].outcome, "routed");
  EXPECT_EQ(audit[0].sender, "062022/kokuho");
  EXPECT_EQ(audit[0].receiver, "062022/juki");
  EXPECT_EQ(audit[0].service, "IdoJohoShokai:1");
  EXPECT_EQ(audit[0].purpose, "KOKUHO-SHIKAKU");
  EXPECT_TRUE(audit[0].link_id.has_value());
  EXPECT_TRUE(audit[0].fault_code.empty());
  EXPECT_EQ(audit[0].request_sha256.size(), 64u);
  EXPECT_EQ(audit[0].response_sha256.size(), 64u);
}

TEST_F(RoutingTest, Soap12RequestIsRoutedAndAnsweredInSoap12) {
  HttpAnswer answer = client_.post(broker_->url(), trafficFile("ido-joho-shokai.soap12.xml"),
                                   "application/soap+xml; charset=utf-8");
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("http://www.w3.org/2003/05/soap-envelope"), std::string::npos);
  EXPECT_NE(answer.body.find("IdoJohoShokaiResponse"), std::string::npos) << answer.body;
}

TEST_F(RoutingTest, OtherServicesOfTheSampleUnitsAreRouted) {
  HttpAnswer answer = client_.post(broker_->url("/services/ShikakuJohoShokai"),
                                   trafficFile("shikaku-joho-shokai.juki-to-kokuho.xml"));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("ShikakuJohoShokaiResponse"), std::string::npos) << answer.body;
}

TEST_F(RoutingTest, KeepAliveConnectionIsReusedAcrossExchanges) {
  client_.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  HttpAnswer second =
      client_.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.connections_opened, 0) << "the broker closed a keep-alive connection";
}

TEST_F(RoutingTest, MessageWithoutActiveLinkIsRefusedWithLinkNotRegistered) {
  // 062022/juminzei -> 062022/kokuho exists only as a *proposed* link: default deny.
  HttpAnswer answer = client_.post(broker_->url("/services/ShikakuJohoShokai"),
                                   trafficFile("shikaku-joho-shokai.juminzei-to-kokuho.xml"));
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Client.LinkNotRegistered"), std::string::npos) << answer.body;
  EXPECT_NE(firstElementText(answer.body, "MessageId"), "");
  auto audit = broker_->exchanges();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].outcome, "refused");
  EXPECT_EQ(audit[0].fault_code, "Client.LinkNotRegistered");
  EXPECT_FALSE(audit[0].link_id.has_value());
}

TEST_F(RoutingTest, CrossTenantMessageWithoutExplicitLinkIsRefused) {
  HttpAnswer answer = client_.post(broker_->url(), trafficFile("ido-joho-shokai.cross-tenant.xml"));
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("Client.LinkNotRegistered"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("tenant"), std::string::npos) << answer.body;
}

TEST_F(RoutingTest, PublishesWsdlPointingAtTheBrokerAndTheSchemasItImports) {
  HttpAnswer wsdl = client_.get(broker_->url("/services/IdoJohoShokai?wsdl"));
  EXPECT_EQ(wsdl.status, 200);
  EXPECT_NE(wsdl.body.find("definitions"), std::string::npos);
  EXPECT_NE(wsdl.body.find(broker_->url("/services/IdoJohoShokai")), std::string::npos)
      << "soap:address must point at the broker";
  HttpAnswer xsd = client_.get(broker_->url("/xsd/juki.xsd"));
  EXPECT_EQ(xsd.status, 200);
  EXPECT_NE(xsd.body.find("IdoJohoShokaiRequest"), std::string::npos);
  EXPECT_EQ(client_.get(broker_->url("/xsd/..%2Fconfig%2Frenkei.example.xml")).status, 404);
  EXPECT_EQ(client_.get(broker_->url("/services/NoSuchService?wsdl")).status, 404);
}

// The Host header is the requester's own text; before one host check served both listeners this
// one copied it into soap:address unchecked, so a crafted Host wrote markup into the WSDL.
TEST_F(RoutingTest, AnInjectedHostHeaderDoesNotReachThePublishedWsdl) {
  RawConnection conn(broker_->runtime().port());
  conn.send(
      "GET /services/IdoJohoShokai?wsdl HTTP/1.1\r\nHost: x\"/><evil\r\n"
      "Connection: close\r\n\r\n");
  const std::string answer = conn.readResponse();
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("evil"), std::string::npos) << answer;
  EXPECT_NE(answer.find("location=\"http://localhost/services/IdoJohoShokai\""), std::string::npos)
      << answer;
}

// The receiver for this test counts what reaches it: a schema-invalid body must never leave.
TEST(SchemaRefusal, SchemaInvalidBodyIsRefusedNamingTheElementAndNothingIsForwarded) {
  TestHttpServer receiver;
  RunningBroker broker(BrokerSetup{{{"062022/juki", receiver.url()}}});
  SoapClient client;
  HttpAnswer answer = client.post(broker.url(), trafficFile("ido-joho-shokai.schema-invalid.xml"));
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Client.SchemaViolation"), std::string::npos) << answer.body;
  const std::string element = firstElementText(answer.body, "Element");
  EXPECT_NE(element.find("/Envelope/Body/IdoJohoShokaiRequest"), std::string::npos) << answer.body;
  EXPECT_NE(firstElementText(answer.body, "Line"), "");
  EXPECT_EQ(receiver.requestCount(), 0);
  auto audit = broker.exchanges();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].fault_code, "Client.SchemaViolation");
}

}  // namespace
}  // namespace renkei::testing

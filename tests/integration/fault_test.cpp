// Every refusal is a SOAP Fault in the caller's SOAP version with a stable code, the right HTTP
// status, and an audit record; the broker keeps serving afterwards.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::testing {
using test_support::TestHttpServer;
namespace {

const char* kSoap12 = "application/soap+xml; charset=utf-8";

std::string validRequest() { return trafficFile("ido-joho-shokai.kokuho-to-juki.xml"); }
std::string validSoap12Request() { return trafficFile("ido-joho-shokai.soap12.xml"); }

// The whole PlatformHeader element of a traffic file, from its start tag to its end tag.
std::string withoutPlatformHeader(std::string xml) {
  const auto start = xml.rfind('<', xml.find("PlatformHeader"));
  const auto end = xml.find('>', xml.rfind("PlatformHeader")) + 1;  // end of the closing tag
  xml.erase(start, end - start);
  return xml;
}

std::string replaced(std::string xml, const std::string& from, const std::string& to) {
  replaceAll(xml, from, to);
  return xml;
}

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/juki", receiver_.url()}}});
  }
  TestHttpServer receiver_;  // never reached by a refused message
  std::unique_ptr<RunningBroker> broker_;
  SoapClient client_;
};

TEST_F(FaultTest, MissingPlatformHeaderGetsMissingHeader) {
  HttpAnswer answer = client_.post(broker_->url(), withoutPlatformHeader(validRequest()));
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Client.MissingHeader"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("http://schemas.xmlsoap.org/soap/envelope/"), std::string::npos);
}

TEST_F(FaultTest, MalformedMessageIdGetsInvalidHeaderNamingTheField) {
  std::string xml = validRequest();
  const auto open = xml.find("MessageId>") + 10;
  xml.replace(open, xml.find('<', open) - open, "not-a-uuid");
  HttpAnswer answer = client_.post(broker_->url(), xml);
  EXPECT_NE(answer.body.find("Client.InvalidHeader"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("MessageId"), std::string::npos) << answer.body;
  EXPECT_EQ(receiver_.requestCount(), 0);
}

TEST_F(FaultTest, WrongTenantCheckDigitGetsInvalidHeader) {
  HttpAnswer answer =
      client_.post(broker_->url(), replaced(validRequest(), "062022/kokuho", "062023/kokuho"));
  EXPECT_NE(answer.body.find("Client.InvalidHeader"), std::string::npos) << answer.body;
}

TEST_F(FaultTest, NonXmlGetsInvalidXml) {
  HttpAnswer answer = client_.post(broker_->url(), "this is not XML at all");
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Client.InvalidXml"), std::string::npos) << answer.body;
}

TEST_F(FaultTest, WrongContentTypeGets415WithInvalidContentType) {
  HttpAnswer answer = client_.post(broker_->url(), validRequest(), "application/json");
  EXPECT_EQ(answer.status, 415);
  EXPECT_NE(answer.body.find("Client.InvalidContentType"), std::string::npos) << answer.body;
}

TEST_F(FaultTest, Soap12RefusalIsASoap12FaultWithSenderCodeAndStatus400) {
  HttpAnswer answer =
      client_.post(broker_->url(), withoutPlatformHeader(validSoap12Request()), kSoap12);
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.content_type.find("application/soap+xml"), std::string::npos);
  EXPECT_NE(answer.body.find("http://www.w3.org/2003/05/soap-envelope"), std::string::npos);
  EXPECT_NE(answer.body.find("env:Sender"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("rf:MissingHeader"), std::string::npos) << answer.body;
}

// SOAP 1.2 Part 1 §5.4.7 and Appendix A: answered as a SOAP 1.1 VersionMismatch (the caller
// speaks 1.1) with the Upgrade header naming the envelopes the broker accepts.
TEST_F(FaultTest, Soap11EnvelopeSentAsSoap12IsAVersionMismatch) {
  HttpAnswer answer = client_.post(broker_->url(), validRequest(), kSoap12);
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("<faultcode>soap:VersionMismatch</faultcode>"), std::string::npos)
      << answer.body;
  EXPECT_NE(answer.body.find("SupportedEnvelope"), std::string::npos) << answer.body;
}

TEST_F(FaultTest, AnEnvelopeInAnUnknownNamespaceIsAVersionMismatchInTheAnnouncedVersion) {
  std::string request = validSoap12Request();
  const std::string soap12 = "http://www.w3.org/2003/05/soap-envelope";
  request.replace(request.find(soap12), soap12.size(), "urn:example:not-soap");
  HttpAnswer answer = client_.post(broker_->url(), request, kSoap12);
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.content_type.find("application/soap+xml"), std::string::npos);
  EXPECT_NE(answer.body.find("<env:Value>env:VersionMismatch</env:Value>"), std::string::npos)
      << answer.body;
  const auto audit = broker_->exchanges();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().fault_code, "VersionMismatch");
}

TEST_F(FaultTest, EveryRefusalLeavesOneAuditRecord) {
  client_.post(broker_->url(), "garbage");
  client_.post(broker_->url(), validRequest(), "text/plain");
  client_.post(broker_->url(), withoutPlatformHeader(validRequest()));
  auto audit = broker_->exchanges();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].fault_code, "Client.InvalidXml");
  EXPECT_EQ(audit[1].fault_code, "Client.InvalidContentType");
  EXPECT_EQ(audit[2].fault_code, "Client.MissingHeader");
  for (const auto& r : audit) EXPECT_EQ(r.outcome, "refused");
}

TEST(ReceiverFailure, ReceiverDownGetsReceiverUnavailable) {
  RunningBroker broker(BrokerSetup{
      {{"062022/juki", "http://127.0.0.1:" + std::to_string(TestHttpServer::closedPort()) + "/"}}});
  SoapClient client;
  HttpAnswer answer = client.post(broker.url(), validRequest());
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Server.ReceiverUnavailable"), std::string::npos) << answer.body;
  auto audit = broker.exchanges();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].outcome, "failed");
  EXPECT_TRUE(audit[0].link_id.has_value());
}

TEST(ReceiverFailure, ReceiverSlowerThanTheTimeoutGetsReceiverTimeout) {
  UnitProcess slow_juki("unit_juki", {"--delay-ms", "3000"});
  BrokerSetup setup{{{"062022/juki", slow_juki.url()}}};
  setup.timeout_ms = 500;
  RunningBroker broker(setup);
  SoapClient client;
  const auto start = std::chrono::steady_clock::now();
  HttpAnswer answer = client.post(broker.url(), validRequest());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_NE(answer.body.find("soap:Server.ReceiverTimeout"), std::string::npos) << answer.body;
  EXPECT_LT(elapsed, std::chrono::milliseconds(2900)) << "the broker waited for the slow unit";
}

TEST(ReceiverFailure, InvalidAnswerFromTheReceiverGetsInvalidResponse) {
  UnitProcess broken_juki("unit_juki", {"--invalid-response"});
  RunningBroker broker(BrokerSetup{{{"062022/juki", broken_juki.url()}}});
  SoapClient client;
  HttpAnswer answer = client.post(broker.url(), validRequest());
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("soap:Server.InvalidResponse"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("IdoJohoShokaiResponse>"), std::string::npos)
      << "the invalid answer must not reach the caller";
}

}  // namespace
}  // namespace renkei::testing

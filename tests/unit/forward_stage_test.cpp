// ForwardStage: what it sends, which answers it passes on, and which fault each failure becomes.
// The mapping is tested with a fake forwarder; the real CurlForwarder and a loopback server cover
// the end-to-end cases (refused, timeout, answered).
#include "broker/stages/forward_stage.h"

#include <gtest/gtest.h>

#include "broker/transport/curl_forwarder.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei {
namespace {

using test_support::TestHttpAnswer;
using test_support::TestHttpServer;

const char* const kSoap11Answer =
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
    "<r:Answer xmlns:r=\"urn:test\"/></s:Body></s:Envelope>";
const char* const kSoap11Fault =
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
    "<faultcode>s:Server</faultcode><faultstring>down</faultstring></s:Fault></s:Body>"
    "</s:Envelope>";
const char* const kSoap12Fault =
    "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
    "<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code></env:Fault></env:Body>"
    "</env:Envelope>";

class FakeForwarder : public HttpForwarder {
 public:
  ForwardResult post(const ForwardRequest& request) override {
    requests.push_back(request);
    return result;
  }
  ForwardResult result;
  std::vector<ForwardRequest> requests;
};

ForwardResult answered(int status, std::string content_type, std::string body) {
  ForwardResult r;
  r.outcome = ForwardResult::kAnswered;
  r.http_status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

ForwardResult failed(ForwardResult::Outcome outcome, std::string error) {
  ForwardResult r;
  r.outcome = outcome;
  r.error = std::move(error);
  return r;
}

void prepare(Exchange& exchange, const std::string& endpoint,
             SoapVersion version = SoapVersion::k11) {
  Unit juki;
  juki.id = "062022/juki";
  juki.tenant = "062022";
  juki.endpoint = endpoint;
  exchange.receiver = juki;
  exchange.soap_version = version;
  exchange.request.method = "POST";
  exchange.request.content_type = version == SoapVersion::k11
                                      ? "text/xml; charset=utf-8"
                                      : "application/soap+xml; action=\"urn:test:Ask\"";
  exchange.request.soap_action = "urn:test:Ask";
  exchange.request.body = "<s:Envelope>\xE4\xBD\x8F\xE6\xB0\x91 as received</s:Envelope>";
}

FaultCode faultOf(const StageResult& result) {
  return result.fault() ? result.fault()->code : FaultCode::kInternal;
}

TEST(ForwardStageTest, SendsTheOriginalBytesToTheReceiverEndpoint) {
  FakeForwarder fake;
  fake.result = answered(200, "text/xml; charset=utf-8", kSoap11Answer);
  ForwardStage stage(fake);
  Exchange exchange;
  prepare(exchange, "http://127.0.0.1:9/juki");

  StageResult result = stage.process(exchange);

  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_EQ(fake.requests.size(), 1u);
  EXPECT_EQ(fake.requests[0].url, "http://127.0.0.1:9/juki");
  EXPECT_EQ(fake.requests[0].body, exchange.request.body);
  EXPECT_EQ(fake.requests[0].content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(fake.requests[0].soap_action, "urn:test:Ask");
  EXPECT_TRUE(exchange.forwarded);
  EXPECT_EQ(exchange.response_http_status, 200);
  EXPECT_EQ(exchange.response_content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(exchange.response_body, kSoap11Answer);
}

TEST(ForwardStageTest, Soap12CarriesTheActionInContentTypeOnly) {
  FakeForwarder fake;
  fake.result = answered(200, "application/soap+xml", kSoap11Answer);
  ForwardStage stage(fake);
  Exchange exchange;
  prepare(exchange, "http://127.0.0.1:9/", SoapVersion::k12);
  stage.process(exchange);
  ASSERT_EQ(fake.requests.size(), 1u);
  EXPECT_TRUE(fake.requests[0].soap_action.empty());
  EXPECT_EQ(fake.requests[0].content_type, exchange.request.content_type);
}

TEST(ForwardStageTest, MissingReceiverIsAnInternalErrorNotACrash) {
  FakeForwarder fake;
  ForwardStage stage(fake);
  Exchange exchange;
  StageResult result = stage.process(exchange);
  EXPECT_EQ(faultOf(result), FaultCode::kInternal);
  EXPECT_TRUE(fake.requests.empty());
  EXPECT_FALSE(exchange.forwarded);
}

TEST(ForwardStageTest, TransportFailuresMapToServerFaults) {
  struct Case {
    ForwardResult::Outcome outcome;
    FaultCode expected;
  };
  for (const Case& c : {Case{ForwardResult::kUnavailable, FaultCode::kReceiverUnavailable},
                        Case{ForwardResult::kTimeout, FaultCode::kReceiverTimeout},
                        Case{ForwardResult::kTooLarge, FaultCode::kInvalidResponse},
                        Case{ForwardResult::kMalformedAnswer, FaultCode::kInvalidResponse},
                        Case{ForwardResult::kError, FaultCode::kInternal}}) {
    FakeForwarder fake;
    fake.result = failed(c.outcome, "the cause");
    ForwardStage stage(fake);
    Exchange exchange;
    prepare(exchange, "http://127.0.0.1:9/juki");
    StageResult result = stage.process(exchange);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.fault()->code, c.expected) << forwardOutcomeName(c.outcome);
    EXPECT_NE(result.fault()->reason.find("062022/juki"), std::string::npos);
    // Faults go to the calling unit: the receiver's endpoint is an internal address.
    EXPECT_EQ(result.fault()->reason.find("127.0.0.1"), std::string::npos)
        << result.fault()->reason;
    // A timeout is told in terms of the exchange's deadline, which the caller knows.
    const char* cause = c.outcome == ForwardResult::kTimeout ? "deadline" : "the cause";
    EXPECT_NE(result.fault()->reason.find(cause), std::string::npos) << result.fault()->reason;
    EXPECT_TRUE(exchange.forwarded);
    EXPECT_TRUE(exchange.response_body.empty());
  }
}

TEST(ForwardStageTest, PassesOnWhatSoapAllowsAsAnAnswer) {
  struct Case {
    SoapVersion version;
    ForwardResult answer;
  };
  const std::vector<Case> cases = {
      {SoapVersion::k11, answered(200, "text/xml; charset=utf-8", kSoap11Answer)},
      {SoapVersion::k11, answered(500, "text/xml", kSoap11Fault)},
      {SoapVersion::k12, answered(500, "application/soap+xml; charset=utf-8", kSoap12Fault)},
      {SoapVersion::k12, answered(400, "application/soap+xml", kSoap12Fault)},
      {SoapVersion::k11, answered(202, "", "")},  // one-way acknowledgement
  };
  for (const Case& c : cases) {
    FakeForwarder fake;
    fake.result = c.answer;
    ForwardStage stage(fake);
    Exchange exchange;
    prepare(exchange, "http://127.0.0.1:9/", c.version);
    StageResult result = stage.process(exchange);
    EXPECT_TRUE(result.ok()) << c.answer.http_status << ": " << result.fault()->reason;
    EXPECT_EQ(exchange.response_http_status, c.answer.http_status);
    EXPECT_EQ(exchange.response_body, c.answer.body);
  }
}

TEST(ForwardStageTest, RefusesAnswersThatAreNotSoap) {
  struct Case {
    SoapVersion version;
    ForwardResult answer;
    const char* mentions;
  };
  const std::vector<Case> cases = {
      {SoapVersion::k11, answered(404, "text/html", "<html>not found</html>"), "HTTP 404"},
      {SoapVersion::k11, answered(502, "text/plain", "bad gateway"), "HTTP 502"},
      {SoapVersion::k11, answered(200, "text/html", "<html/>"), "not SOAP XML"},
      {SoapVersion::k11, answered(200, "", "<a/>"), "not SOAP XML"},
      {SoapVersion::k11, answered(500, "text/xml", kSoap11Answer), "without a SOAP Fault"},
      {SoapVersion::k11, answered(500, "text/html", "<h1>Internal Server Error</h1>"), "HTTP 500"},
      // SOAP 1.1 answers faults with 500 only.
      {SoapVersion::k11, answered(400, "text/xml", kSoap11Fault), "HTTP 400"},
      {SoapVersion::k12, answered(500, "application/soap+xml", kSoap11Fault), "SOAP Fault"},
  };
  for (const Case& c : cases) {
    FakeForwarder fake;
    fake.result = c.answer;
    ForwardStage stage(fake);
    Exchange exchange;
    prepare(exchange, "http://127.0.0.1:9/", c.version);
    StageResult result = stage.process(exchange);
    ASSERT_FALSE(result.ok()) << c.answer.http_status << " " << c.answer.content_type;
    EXPECT_EQ(result.fault()->code, FaultCode::kInvalidResponse);
    EXPECT_NE(result.fault()->reason.find(c.mentions), std::string::npos) << result.fault()->reason;
    EXPECT_TRUE(exchange.response_body.empty());
  }
}

TEST(ForwardStageTest, FaultSniffingIsNotFooledByLookalikes) {
  FakeForwarder fake;
  // "FaultReport" element and text "Fault" are not a SOAP Fault element.
  fake.result =
      answered(500, "text/xml",
               "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
               "<r:FaultReport xmlns:r=\"urn:x\">Fault </r:FaultReport></s:Body></s:Envelope>");
  ForwardStage stage(fake);
  Exchange exchange;
  prepare(exchange, "http://127.0.0.1:9/");
  EXPECT_EQ(faultOf(stage.process(exchange)), FaultCode::kInvalidResponse);
}

// --- end to end with libcurl and a real loopback server ---

TEST(ForwardStageTest, RealReceiverAnswerIsPassedOn) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = kSoap11Answer;
  server.setAnswer(answer);
  CurlForwarder forwarder;
  ForwardStage stage(forwarder);
  Exchange exchange;
  prepare(exchange, server.url("/juki"));

  ASSERT_TRUE(stage.process(exchange).ok());
  EXPECT_EQ(exchange.response_body, kSoap11Answer);
  ASSERT_EQ(server.requestCount(), 1);
  EXPECT_EQ(server.requests()[0].body, exchange.request.body);
}

TEST(ForwardStageTest, RealRefusedConnectionIsReceiverUnavailable) {
  CurlForwarder forwarder;
  ForwardStage stage(forwarder);
  Exchange exchange;
  const std::string endpoint =
      "http://127.0.0.1:" + std::to_string(TestHttpServer::closedPort()) + "/juki";
  prepare(exchange, endpoint);
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kReceiverUnavailable);
  EXPECT_EQ(result.fault()->reason, "receiver 062022/juki is unavailable: connection refused");
}

TEST(ForwardStageTest, RealSlowReceiverIsReceiverTimeout) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.delay = std::chrono::milliseconds(3000);
  server.setAnswer(answer);
  CurlForwarderOptions options;
  options.total_timeout_ms = 200;
  CurlForwarder forwarder(options);
  ForwardStage stage(forwarder);
  Exchange exchange;
  prepare(exchange, server.url());
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kReceiverTimeout);
  EXPECT_EQ(result.fault()->reason,
            "receiver 062022/juki timed out: no answer within the exchange's 200 ms deadline");
}

TEST(ForwardStageTest, AnExchangePastItsDeadlineIsNotForwarded) {
  TestHttpServer server;
  CurlForwarderOptions options;
  options.total_timeout_ms = 200;  // the stage takes the forwarder's timeout as its deadline
  CurlForwarder forwarder(options);
  ForwardStage stage(forwarder);
  Exchange exchange;
  prepare(exchange, server.url());
  exchange.started -= std::chrono::milliseconds(250);  // e.g. it waited that long for a worker
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kReceiverTimeout);
  EXPECT_EQ(result.fault()->reason,
            "receiver 062022/juki was not called: the exchange's 200 ms deadline passed before "
            "it could be forwarded");
  EXPECT_FALSE(exchange.forwarded);
  EXPECT_EQ(server.requestCount(), 0);
}

TEST(ForwardStageTest, RealReceiverNotFoundIsInvalidResponse) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.status = 404;
  answer.content_type = "text/html";
  answer.body = "<html>no</html>";
  server.setAnswer(answer);
  CurlForwarder forwarder;
  ForwardStage stage(forwarder);
  Exchange exchange;
  prepare(exchange, server.url());
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidResponse);
  EXPECT_NE(result.fault()->reason.find("HTTP 404"), std::string::npos);
}

}  // namespace
}  // namespace renkei

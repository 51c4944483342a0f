// What only PlainHttpForwarder does (the behaviour both forwarders share is in
// http_forwarder_test.cpp): kept-alive connections the unit closed, chunked and interim
// answers, which connections are kept. That it leaves https:// to libcurl is in
// curl_forwarder_tls_test.cpp.
#include "broker/transport/plain_http_forwarder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "broker/core/blocking_wait.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei {
namespace {

using test_support::TestHttpAnswer;
using test_support::TestHttpRequest;
using test_support::TestHttpServer;

ForwardRequest soapRequest(const std::string& url) {
  ForwardRequest request;
  request.url = url;
  request.content_type = "text/xml; charset=utf-8";
  request.body = "<soap:Envelope/>";
  return request;
}

// A worker's pool may run another request while the worker waits on a slow unit: the forwarder
// declares the wait (BlockingWait) once the unit has not answered within a couple of ms, and
// ends it with the answer.
class CountingWaits : public BlockingWaitObserver {
 public:
  void waitBegins() override {
    ++begun;
    ++open;
  }
  void waitEnds() override { --open; }
  int begun = 0;
  int open = 0;
};

TEST(PlainHttpForwarderTest, AWaitForASlowUnitIsDeclaredToTheWorkersPool) {
  TestHttpServer server;
  TestHttpAnswer slow;
  slow.raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  slow.delay = std::chrono::milliseconds(100);
  server.setAnswer(slow);
  CountingWaits waits;
  BlockingWaitObserver* previous = observeBlockingWaits(&waits);
  PlainHttpForwarder forwarder;
  const ForwardResult result = forwarder.post(soapRequest(server.url()));
  observeBlockingWaits(previous);
  ASSERT_EQ(result.outcome, ForwardResult::kAnswered) << result.error;
  EXPECT_EQ(waits.begun, 1) << "one wait, declared once however many polls it took";
  EXPECT_EQ(waits.open, 0) << "and ended with the answer";
}

TEST(PlainHttpForwarderTest, AConnectionTheUnitClosedWhileIdleIsNotUsed) {
  TestHttpServer server;
  TestHttpAnswer answer;
  // Sent verbatim, after which the test server closes: the unit's keep-alive ran out.
  answer.raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  server.setAnswer(answer);
  PlainHttpForwarder forwarder;
  for (int i = 0; i < 3; ++i) {
    const ForwardResult result = forwarder.post(soapRequest(server.url()));
    ASSERT_EQ(result.outcome, ForwardResult::kAnswered) << "post " << i << ": " << result.error;
    EXPECT_EQ(result.body, "ok");
    EXPECT_EQ(result.new_connections, 1) << "post " << i;
  }
  EXPECT_EQ(server.requestCount(), 3);
  EXPECT_EQ(server.acceptedConnections(), 3);
}

TEST(PlainHttpForwarderTest, AReusedConnectionClosedWithoutAnAnswerIsTriedOnceMoreOnANewOne) {
  TestHttpServer server;
  int seen = 0;
  server.setResponder([&seen](const TestHttpRequest&) {
    TestHttpAnswer answer;
    answer.body = "answer";
    answer.close_without_answer = ++seen == 2;  // the second request finds the unit closing
    return answer;
  });
  PlainHttpForwarder forwarder;
  ASSERT_EQ(forwarder.post(soapRequest(server.url())).outcome, ForwardResult::kAnswered);
  const ForwardResult second = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(second.outcome, ForwardResult::kAnswered) << second.error;
  EXPECT_EQ(second.body, "answer");
  EXPECT_EQ(second.new_connections, 1);
  EXPECT_EQ(server.requestCount(), 3);
  EXPECT_EQ(server.acceptedConnections(), 2);
}

TEST(PlainHttpForwarderTest, ChunkedAndInterimAnswersArriveWhole) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = std::string(20000, 'c');
  answer.chunked = true;
  server.setAnswer(answer);
  PlainHttpForwarder forwarder;
  const ForwardResult chunked = forwarder.post(soapRequest(server.url()));
  ASSERT_EQ(chunked.outcome, ForwardResult::kAnswered) << chunked.error;
  EXPECT_EQ(chunked.body, answer.body);

  TestHttpAnswer interim;
  interim.raw =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\nsure";
  server.setAnswer(interim);
  const ForwardResult accepted = forwarder.post(soapRequest(server.url()));
  ASSERT_EQ(accepted.outcome, ForwardResult::kAnswered) << accepted.error;
  EXPECT_EQ(accepted.http_status, 202);
  EXPECT_EQ(accepted.body, "sure");
}

TEST(PlainHttpForwarderTest, ConnectionCloseIsHonouredAndIdleConnectionsAreBounded) {
  TestHttpServer server;
  TestHttpAnswer closing;
  closing.extra_headers = {"Connection: close"};
  server.setAnswer(closing);
  CurlForwarderOptions options;
  options.max_idle_handles = 2;
  PlainHttpForwarder forwarder(options);
  forwarder.post(soapRequest(server.url()));
  forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(server.acceptedConnections(), 2);
  EXPECT_EQ(forwarder.idleConnections(), 0u);

  TestHttpAnswer slow;
  slow.delay = std::chrono::milliseconds(100);
  server.setAnswer(slow);
  std::vector<std::thread> callers;
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] { forwarder.post(soapRequest(server.url())); });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(server.requestCount(), 6);
  EXPECT_EQ(forwarder.idleConnections(), 2u);
}

// A name is resolved by libcurl, whose resolver keeps to the exchange's deadline.
TEST(PlainHttpForwarderTest, AUnitNamedByHostNameIsReachedThroughLibcurl) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = "by name";
  server.setAnswer(answer);
  PlainHttpForwarder forwarder;
  const ForwardResult by_name =
      forwarder.post(soapRequest("http://localhost:" + std::to_string(server.port()) + "/"));
  ASSERT_EQ(by_name.outcome, ForwardResult::kAnswered) << by_name.error;
  EXPECT_EQ(by_name.body, "by name");
  EXPECT_EQ(forwarder.idleConnections(), 0u) << "libcurl keeps that connection, not the pool";

  const ForwardResult unknown = forwarder.post(soapRequest("http://no-such-unit.invalid/"));
  EXPECT_EQ(unknown.outcome, ForwardResult::kUnavailable);
  EXPECT_EQ(unknown.error, "host name not resolved");
}

}  // namespace
}  // namespace renkei

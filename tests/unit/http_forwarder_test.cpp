// Both forwarders against a real loopback HTTP server: answers, failures, limits, connection
// reuse. The broker forwards plain http:// with PlainHttpForwarder and everything else with
// CurlForwarder; a caller must not be able to tell them apart, so each test runs on both.
#include "broker/transport/curl_forwarder.h"
#include "broker/transport/plain_http_forwarder.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/unit/support/test_http_server.h"

namespace renkei {
namespace {

using test_support::TestHttpAnswer;
using test_support::TestHttpServer;
using Clock = std::chrono::steady_clock;

const char* const kEnvelope =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
    "<r:Answer xmlns:r=\"urn:test\"/></soap:Body></soap:Envelope>";

ForwardRequest soapRequest(const std::string& url) {
  ForwardRequest request;
  request.url = url;
  request.content_type = "text/xml; charset=utf-8";
  request.soap_action = "urn:test:Ask";
  request.body = "<soap:Envelope/>";
  return request;
}

template <typename Forwarder>
class HttpForwarderTest : public ::testing::Test {};
using Forwarders = ::testing::Types<CurlForwarder, PlainHttpForwarder>;
TYPED_TEST_SUITE(HttpForwarderTest, Forwarders);

long msSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

TYPED_TEST(HttpForwarderTest, PostsBodyAndHeadersAndReturnsTheAnswer) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = kEnvelope;
  server.setAnswer(answer);
  TypeParam forwarder;

  ForwardRequest request = soapRequest(server.url("/juki"));
  request.body = std::string(3000, 'x');  // large enough that curl would send Expect: 100-continue
  ForwardResult result = forwarder.post(request);

  EXPECT_EQ(result.outcome, ForwardResult::kAnswered) << result.error;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(result.body, kEnvelope);
  EXPECT_EQ(result.new_connections, 1);
  ASSERT_EQ(server.requestCount(), 1);
  const auto received = server.requests().front();
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.target, "/juki");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.header("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(received.header("soapaction"), "\"urn:test:Ask\"");
  EXPECT_EQ(received.headers.count("expect"), 0u);
}

TYPED_TEST(HttpForwarderTest, OmitsSoapActionWhenEmptyAndKeepsQuotedOnes) {
  TestHttpServer server;
  TypeParam forwarder;
  ForwardRequest request = soapRequest(server.url());
  request.soap_action.clear();
  request.content_type = "application/soap+xml; charset=utf-8; action=\"urn:test:Ask\"";
  forwarder.post(request);
  request.soap_action = "\"urn:already:quoted\"";
  forwarder.post(request);

  const auto received = server.requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].headers.count("soapaction"), 0u);
  EXPECT_EQ(received[0].header("content-type"), request.content_type);
  EXPECT_EQ(received[1].header("soapaction"), "\"urn:already:quoted\"");
}

TYPED_TEST(HttpForwarderTest, ConnectionRefusedIsUnavailableAndFast) {
  TypeParam forwarder;
  const auto start = Clock::now();
  ForwardResult result = forwarder.post(
      soapRequest("http://127.0.0.1:" + std::to_string(TestHttpServer::closedPort()) + "/"));
  EXPECT_EQ(result.outcome, ForwardResult::kUnavailable);
  EXPECT_EQ(result.error, "connection refused");
  EXPECT_LT(msSince(start), 1000);
}

TYPED_TEST(HttpForwarderTest, ClosedWithoutAnswerIsUnavailable) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.close_without_answer = true;
  server.setAnswer(answer);
  TypeParam forwarder;
  ForwardResult result = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kUnavailable) << result.error;
}

TYPED_TEST(HttpForwarderTest, SlowAnswerTimesOutWithinTheTotalTimeout) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.delay = std::chrono::milliseconds(5000);
  server.setAnswer(answer);
  CurlForwarderOptions options;
  options.total_timeout_ms = 300;
  TypeParam forwarder(options);

  const auto start = Clock::now();
  ForwardResult result = forwarder.post(soapRequest(server.url()));
  const long elapsed = msSince(start);
  EXPECT_EQ(result.outcome, ForwardResult::kTimeout);
  EXPECT_EQ(result.error, "no answer within 300 ms");
  EXPECT_GE(elapsed, 250);
  EXPECT_LT(elapsed, 1500);
}

// A unit that takes the connection but never reads: the request cannot all be sent, and the
// exchange's deadline still ends the wait.
TYPED_TEST(HttpForwarderTest, AUnitThatNeverReadsTheRequestTimesOut) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);  // connections complete in the backlog, never accepted
  socklen_t size = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  CurlForwarderOptions options;
  options.total_timeout_ms = 300;
  TypeParam forwarder(options);
  ForwardRequest request =
      soapRequest("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/");
  request.body = std::string(32 * 1024 * 1024, 'x');  // far more than the socket buffers hold

  const auto start = Clock::now();
  ForwardResult result = forwarder.post(request);
  const long elapsed = msSince(start);
  ::close(listener);
  EXPECT_EQ(result.outcome, ForwardResult::kTimeout) << result.error;
  EXPECT_EQ(result.error, "no answer within 300 ms");
  EXPECT_GE(elapsed, 250);
  EXPECT_LT(elapsed, 1500);
}

TYPED_TEST(HttpForwarderTest, AnswerAboveTheLimitIsTooLarge) {
  TestHttpServer server;
  CurlForwarderOptions options;
  options.max_response_bytes = 64 * 1024;
  TypeParam forwarder(options);
  TestHttpAnswer answer;
  answer.body = std::string(options.max_response_bytes + 1, 'a');

  // Refused from Content-Length before the body is read ...
  server.setAnswer(answer);
  ForwardResult announced = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(announced.outcome, ForwardResult::kTooLarge) << announced.error;
  EXPECT_TRUE(announced.body.empty());

  // ... and counted while streaming when no length is announced.
  answer.chunked = true;
  server.setAnswer(answer);
  ForwardResult streamed = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(streamed.outcome, ForwardResult::kTooLarge) << streamed.error;
  EXPECT_EQ(streamed.error, "answer exceeds 65536 bytes");

  // Exactly at the limit is fine.
  answer.body.pop_back();
  server.setAnswer(answer);
  ForwardResult at_limit = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(at_limit.outcome, ForwardResult::kAnswered) << at_limit.error;
  EXPECT_EQ(at_limit.body.size(), options.max_response_bytes);
}

TYPED_TEST(HttpForwarderTest, SequentialPostsReuseOneConnection) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = kEnvelope;
  server.setAnswer(answer);
  TypeParam forwarder;

  for (int i = 0; i < 10; ++i) {
    ForwardResult result = forwarder.post(soapRequest(server.url()));
    ASSERT_EQ(result.outcome, ForwardResult::kAnswered) << result.error;
    EXPECT_EQ(result.new_connections, i == 0 ? 1 : 0) << "post " << i;
  }
  EXPECT_EQ(server.requestCount(), 10);
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TYPED_TEST(HttpForwarderTest, ConcurrentCallersKeepOneConnectionEach) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.body = kEnvelope;
  answer.delay = std::chrono::milliseconds(5);
  server.setAnswer(answer);
  TypeParam forwarder;
  constexpr int kThreads = 4;
  constexpr int kPosts = 10;

  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPosts; ++i) {
        if (forwarder.post(soapRequest(server.url())).outcome == ForwardResult::kAnswered) {
          ++answered;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), kThreads * kPosts);
  EXPECT_LE(server.acceptedConnections(), kThreads);
}

TYPED_TEST(HttpForwarderTest, RedirectsAreNotFollowed) {
  TestHttpServer server;
  TestHttpAnswer answer;
  answer.status = 302;
  answer.extra_headers = {"Location: " + server.url("/elsewhere")};
  server.setAnswer(answer);
  TypeParam forwarder;
  ForwardResult result = forwarder.post(soapRequest(server.url()));
  EXPECT_EQ(result.outcome, ForwardResult::kAnswered);
  EXPECT_EQ(result.http_status, 302);
  EXPECT_EQ(server.requestCount(), 1);
}

TYPED_TEST(HttpForwarderTest, OnlyHttpAndHttpsAreAllowed) {
  TypeParam forwarder;
  EXPECT_EQ(forwarder.post(soapRequest("file:///etc/passwd")).outcome, ForwardResult::kError);
  EXPECT_EQ(forwarder.post(soapRequest("gopher://127.0.0.1/")).outcome, ForwardResult::kError);
}

TYPED_TEST(HttpForwarderTest, HeaderValuesWithLineBreaksAreRefused) {
  TestHttpServer server;
  TypeParam forwarder;
  ForwardRequest request = soapRequest(server.url());
  request.soap_action = "urn:a\r\nX-Injected: yes";
  ForwardResult result = forwarder.post(request);
  EXPECT_EQ(result.outcome, ForwardResult::kError);
  EXPECT_EQ(server.requestCount(), 0);
}

TYPED_TEST(HttpForwarderTest, AnAnswerThatIsNotHttpIsMalformed) {
  TestHttpServer server;
  TypeParam forwarder;
  for (const char* raw : {"hello, this is not HTTP\r\n\r\n", "HTTP/1.1 banana\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"}) {
    TestHttpAnswer answer;
    answer.raw = raw;
    server.setAnswer(answer);
    ForwardResult result = forwarder.post(soapRequest(server.url()));
    EXPECT_EQ(result.outcome, ForwardResult::kMalformedAnswer) << raw << ": " << result.error;
  }
}

}  // namespace
}  // namespace renkei

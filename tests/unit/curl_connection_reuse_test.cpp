// Connection reuse when one forwarder serves many receivers: concurrent callers spread over
// sixteen loopback units must find warm connections, not open a new one per exchange.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "broker/transport/curl_forwarder.h"
#include "broker/transport/curl_handle_pool.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei {
namespace {

using test_support::TestHttpAnswer;
using test_support::TestHttpServer;

TEST(CurlConnectionReuseTest, ManyReceiversKeepTheirConnectionsWarm) {
  constexpr int kReceivers = 16;
  constexpr int kThreads = 8;
  constexpr int kPostsPerThread = 300;
  std::vector<std::unique_ptr<TestHttpServer>> units;
  TestHttpAnswer answer;
  answer.body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";
  for (int i = 0; i < kReceivers; ++i) {
    units.push_back(std::make_unique<TestHttpServer>());
    units.back()->setAnswer(answer);
  }
  CurlForwarder forwarder;
  std::atomic<int> answered{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      std::mt19937 pick(static_cast<unsigned>(t + 1));
      for (int i = 0; i < kPostsPerThread; ++i) {
        ForwardRequest request;
        request.url = units[pick() % kReceivers]->url("/unit");
        request.content_type = "text/xml; charset=utf-8";
        request.body = "<s:Envelope/>";
        if (forwarder.post(request).outcome == ForwardResult::kAnswered) ++answered;
      }
    });
  }
  for (auto& c : callers) c.join();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  int connections = 0;
  for (const auto& unit : units) connections += unit->acceptedConnections();
  std::cout << "[ figures  ] " << answered.load() << " exchanges to " << kReceivers
            << " receivers from " << kThreads << " threads: " << connections << " TCP connections, "
            << took.count() << " ms" << std::endl;
  EXPECT_EQ(answered.load(), kThreads * kPostsPerThread);
  // At most one connection per caller and receiver, whatever the interleaving.
  EXPECT_LE(connections, kReceivers * kThreads);
}

TEST(CurlConnectionReuseTest, HandlesAreFiledByOrigin) {
  EXPECT_EQ(CurlHandlePool::originOf("http://10.1.2.3:8080/juki/service?x=1"),
            "http://10.1.2.3:8080");
  EXPECT_EQ(CurlHandlePool::originOf("https://juki.local"), "https://juki.local");
  EXPECT_EQ(CurlHandlePool::originOf("http://h:1?q"), "http://h:1");
}

}  // namespace
}  // namespace renkei

// The as-receiver listener on real loopback sockets: keep-alive, chunked bodies, and a request
// that is not HTTP answered with 400 instead of hanging or crashing.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "broker/conform/http_listener.h"

namespace renkei::conform {
namespace {

int connectTo(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

// Everything the peer sends until it closes or is quiet for a second.
std::string readAll(int fd) {
  std::string out;
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 1000) > 0) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

TEST(ConformHttpListener, ChunkedAndPlainRequestsOnOneConnection) {
  HttpListener listener("127.0.0.1", 0);
  std::vector<std::string> bodies;
  std::thread server([&] {
    listener.serve(std::chrono::steady_clock::now() + std::chrono::seconds(10),
                   [&](const ReceivedRequest& req, ReplyToSend& reply) {
                     bodies.push_back(req.header("soapaction") + "|" + req.body);
                     reply.body = "ok" + std::to_string(bodies.size());
                     return bodies.size() < 2;
                   });
  });
  const int fd = connectTo(listener.port());
  const std::string requests =
      "POST / HTTP/1.1\r\nHost: x\r\nSOAPAction: \"a\"\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
  ASSERT_EQ(write(fd, requests.data(), requests.size()), static_cast<ssize_t>(requests.size()));
  const std::string replies = readAll(fd);
  close(fd);
  server.join();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0], "\"a\"|hello world");
  EXPECT_EQ(bodies[1], "|abc");
  EXPECT_NE(replies.find("Content-Length: 3\r\n\r\nok1"), std::string::npos) << replies;
  EXPECT_NE(replies.find("Connection: close\r\n\r\nok2"), std::string::npos) << replies;
}

TEST(ConformHttpListener, NotHttpIsRefusedWith400) {
  HttpListener listener("127.0.0.1", 0);
  int handled = 0;
  std::thread server([&] {
    listener.serve(std::chrono::steady_clock::now() + std::chrono::seconds(2),
                   [&](const ReceivedRequest&, ReplyToSend&) { return ++handled < 1; });
  });
  const int fd = connectTo(listener.port());
  const std::string junk = "\x16\x03\x01 hello\r\n\r\n";
  ASSERT_EQ(write(fd, junk.data(), junk.size()), static_cast<ssize_t>(junk.size()));
  EXPECT_EQ(readAll(fd).rfind("HTTP/1.1 400 Bad Request", 0), 0u);
  close(fd);
  server.join();
  EXPECT_EQ(handled, 0);
}

TEST(ConformHttpRequestParser, SizesAndFramingAreChecked) {
  const RequestLimits limits;
  const auto parse = [&](std::string_view bytes) { return parseHttpRequest(bytes, limits); };
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc").state,
            RequestParse::kIncomplete);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").state, RequestParse::kBad);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n").state,
            RequestParse::kBad);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX").state,
            RequestParse::kBad);
  const auto first = parse("GET /a HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(first.state, RequestParse::kComplete);
  EXPECT_EQ(first.request.target, "/a");
  EXPECT_EQ(first.consumed, std::string_view("GET /a HTTP/1.1\r\n\r\n").size());
}

TEST(ConformHttpListener, ABadListenAddressIsNamed) {
  try {
    HttpListener listener("not-an-address", 0);
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("'not-an-address' is not an IPv4 address"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace renkei::conform

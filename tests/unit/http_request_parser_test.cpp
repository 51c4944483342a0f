#include "broker/server/http_request_parser.h"

#include <gtest/gtest.h>

namespace renkei::http {
namespace {

using Status = RequestParser::Status;

ParserLimits smallLimits() {
  ParserLimits limits;
  limits.max_header_bytes = 256;
  limits.max_headers = 5;
  limits.max_body_bytes = 64;
  return limits;
}

TEST(HttpRequestParser, ParsesAPostArrivingByteByByte) {
  const std::string wire =
      "POST /services/IdoJohoShokai HTTP/1.1\r\nHost: broker:8080\r\n"
      "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"urn:ido\"\r\n"
      "Content-Length: 7\r\n\r\n<a>b</a";
  RequestParser parser(smallLimits());
  std::string received;
  for (size_t i = 0; i + 1 < wire.size(); ++i) {
    received.push_back(wire[i]);
    ASSERT_EQ(parser.parse(received), Status::kNeedMore) << "at byte " << i;
  }
  received.push_back(wire.back());
  ASSERT_EQ(parser.parse(received), Status::kComplete);
  EXPECT_EQ(parser.request().method, "POST");
  EXPECT_EQ(parser.request().target, "/services/IdoJohoShokai");
  EXPECT_EQ(parser.request().content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(parser.request().soap_action, "urn:ido");
  EXPECT_EQ(parser.request().host, "broker:8080");
  EXPECT_EQ(parser.request().body, "<a>b</a");
  EXPECT_TRUE(parser.request().keep_alive);
  EXPECT_EQ(parser.consumed(), wire.size());
}

TEST(HttpRequestParser, LeavesAPipelinedRequestForTheNextParse) {
  const std::string first = "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab";
  const std::string second = "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n";
  RequestParser parser(smallLimits());
  std::string received = first + second;
  ASSERT_EQ(parser.parse(received), Status::kComplete);
  EXPECT_EQ(parser.consumed(), first.size());
  received.erase(0, parser.consumed());
  parser.reset();
  ASSERT_EQ(parser.parse(received), Status::kComplete);
  EXPECT_EQ(parser.request().method, "GET");
  EXPECT_FALSE(parser.request().keep_alive);
}

TEST(HttpRequestParser, JoinsChunksAndSkipsExtensionsAndTrailers) {
  RequestParser parser(smallLimits());
  const std::string wire =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\n"
      "Trailer-Field: 1\r\n\r\n";
  ASSERT_EQ(parser.parse(wire), Status::kComplete);
  EXPECT_EQ(parser.request().body, "abcde");
  EXPECT_EQ(parser.consumed(), wire.size());
}

TEST(HttpRequestParser, HeadersCompleteIsKnownBeforeTheBody) {
  RequestParser parser(smallLimits());
  const std::string head = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n";
  ASSERT_EQ(parser.parse(head), Status::kNeedMore);
  EXPECT_TRUE(parser.headersComplete());
  EXPECT_TRUE(parser.request().expect_continue);
}

TEST(HttpRequestParser, HttpOneZeroIsCloseUnlessAskedOtherwise) {
  RequestParser parser(smallLimits());
  ASSERT_EQ(parser.parse("GET / HTTP/1.0\r\n\r\n"), Status::kComplete);
  EXPECT_FALSE(parser.request().keep_alive);
  parser.reset();
  ASSERT_EQ(parser.parse("GET / HTTP/1.0\nConnection: Keep-Alive\n\n"), Status::kComplete);
  EXPECT_TRUE(parser.request().keep_alive);
}

struct Refusal {
  std::string wire;
  int status;
};

class HttpRequestParserRefuses : public ::testing::TestWithParam<Refusal> {};

TEST_P(HttpRequestParserRefuses, WithTheRightStatus) {
  RequestParser parser(smallLimits());
  EXPECT_EQ(parser.parse(GetParam().wire), Status::kError);
  EXPECT_EQ(parser.errorStatus(), GetParam().status) << parser.errorReason();
  EXPECT_FALSE(parser.errorReason().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Smuggling, HttpRequestParserRefuses,
    ::testing::Values(
        Refusal{"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        Refusal{"POST / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nA b\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nA: b\rc\r\n\r\n", 400},
        Refusal{"POST /a b HTTP/1.1\r\n\r\n", 400}, Refusal{"POST / HTTP/3\r\n\r\n", 505},
        Refusal{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400}));

INSTANTIATE_TEST_SUITE_P(
    Limits, HttpRequestParserRefuses,
    ::testing::Values(
        Refusal{"POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n", 413},
        Refusal{"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", 400},
        Refusal{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n", 413},
        Refusal{"GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\nF: 1\r\n\r\n", 431},
        Refusal{"GET / HTTP/1.1\r\nA: " + std::string(300, 'a') + "\r\n\r\n", 431},
        Refusal{"GET / HTTP/1.1\r\nA: " + std::string(300, 'a'), 431}));

}  // namespace
}  // namespace renkei::http

// When the admin listener's poller considers a plain-HTTP request arrived (wholeRequestBytes).
#include "broker/transport/request_arrival.h"

#include <gtest/gtest.h>

#include <string>

namespace renkei {
namespace {

constexpr std::size_t kCap = 4096;

TEST(RequestArrival, AHeadWithoutItsBlankLineIsNotThereYet) {
  EXPECT_EQ(wholeRequestBytes("", kCap), 0u);
  EXPECT_EQ(wholeRequestBytes("GET / HTTP/1.1\r\nHost: a\r\n", kCap), 0u);
  EXPECT_EQ(wholeRequestBytes("GET / HTTP/1.1\r\nHost: a\r\n\r", kCap), 0u);
}

TEST(RequestArrival, AGetIsWholeWithItsHead) {
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(wholeRequestBytes(get, kCap), get.size());
  // A pipelined next request does not change what this one needs.
  EXPECT_EQ(wholeRequestBytes(get + "GET / HTTP/1.1\r\n", kCap), get.size());
}

TEST(RequestArrival, APostNeedsItsContentLengthBody) {
  const std::string head = "POST / HTTP/1.1\r\nHost: a\r\ncontent-length:  12 \r\n\r\n";
  EXPECT_EQ(wholeRequestBytes(head, kCap), head.size() + 12);
  EXPECT_EQ(wholeRequestBytes(head + "<half", kCap), head.size() + 12);
  EXPECT_EQ(wholeRequestBytes(head + "<soap:Env/>.", kCap), head.size() + 12);
}

TEST(RequestArrival, WhatIsTooLargeToWaitForGoesToTheWorkerAtTheCap) {
  const std::string endless_header = "GET / HTTP/1.1\r\nX: " + std::string(kCap, 'a');
  EXPECT_EQ(wholeRequestBytes(endless_header, kCap), kCap);
  EXPECT_EQ(wholeRequestBytes("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", kCap), kCap);
}

TEST(RequestArrival, AMalformedOrChunkedLengthLeavesTheBodyToGsoap) {
  const std::string bad = "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n";
  EXPECT_EQ(wholeRequestBytes(bad, kCap), bad.size());
  const std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(wholeRequestBytes(chunked, kCap), chunked.size());
}

TEST(RequestArrival, ABodyAwaitingHundredContinueIsNotWaitedFor) {
  const std::string head =
      "POST / HTTP/1.1\r\nContent-Length: 2000\r\nExpect: 100-continue\r\n\r\n";
  EXPECT_EQ(wholeRequestBytes(head, kCap), head.size());
}

}  // namespace
}  // namespace renkei

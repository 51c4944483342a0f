// HttpAnswerReader: HTTP/1.x answers as the plain forwarder receives them, whole or a byte at a
// time, and every way an answer can break its framing.
#include "broker/transport/http_answer_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace renkei {
namespace {

using State = HttpAnswerReader::State;

State feedAll(HttpAnswerReader& reader, const std::string& bytes) {
  return reader.feed(bytes.data(), bytes.size());
}

State feedByteByByte(HttpAnswerReader& reader, const std::string& bytes) {
  State state = State::kNeedMore;
  for (char c : bytes) {
    state = reader.feed(&c, 1);
    if (state != State::kNeedMore) break;
  }
  return state;
}

const std::string kWhole =
    "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello";

TEST(HttpAnswerReaderTest, AnAnswerWithALengthIsWholeHoweverItArrives) {
  HttpAnswerReader whole(1024);
  EXPECT_EQ(feedAll(whole, kWhole), State::kDone);
  HttpAnswerReader trickled(1024);
  EXPECT_EQ(feedByteByByte(trickled, kWhole), State::kDone);
  for (HttpAnswerReader* reader : {&whole, &trickled}) {
    EXPECT_EQ(reader->status(), 200);
    EXPECT_EQ(reader->contentType(), "text/xml; charset=utf-8");
    EXPECT_EQ(reader->body(), "hello");
    EXPECT_TRUE(reader->reusable());
  }
}

TEST(HttpAnswerReaderTest, ChunksAreJoinedAndTrailersDropped) {
  const std::string answer =
      "HTTP/1.1 500 Internal\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\n<soap\r\nA\r\n:Envelope/\r\n1\r\n>\r\n0\r\nX-Trailer: t\r\n\r\n";
  HttpAnswerReader reader(1024);
  EXPECT_EQ(feedByteByByte(reader, answer), State::kDone);
  EXPECT_EQ(reader.status(), 500);
  EXPECT_EQ(reader.body(), "<soap:Envelope/>");
  EXPECT_TRUE(reader.reusable());
}

TEST(HttpAnswerReaderTest, InterimAnswersAreSkipped) {
  HttpAnswerReader reader(1024);
  EXPECT_EQ(
      feedAll(reader, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n" + kWhole),
      State::kDone);
  EXPECT_EQ(reader.status(), 200);
  EXPECT_EQ(reader.body(), "hello");
}

TEST(HttpAnswerReaderTest, WithoutFramingTheBodyEndsWithTheConnection) {
  HttpAnswerReader reader(1024);
  EXPECT_EQ(feedAll(reader, "HTTP/1.1 200 OK\r\n\r\npart one, "), State::kNeedMore);
  EXPECT_EQ(feedAll(reader, "part two"), State::kNeedMore);
  EXPECT_EQ(reader.endOfStream(), State::kDone);
  EXPECT_EQ(reader.body(), "part one, part two");
  EXPECT_FALSE(reader.reusable());
}

TEST(HttpAnswerReaderTest, NoBodyAfter204AndBareLineFeedsAreAccepted) {
  HttpAnswerReader reader(1024);
  EXPECT_EQ(feedAll(reader, "HTTP/1.1 204 No Content\nServer: x\n\n"), State::kDone);
  EXPECT_EQ(reader.status(), 204);
  EXPECT_TRUE(reader.body().empty());
}

TEST(HttpAnswerReaderTest, WhatForbidsAnotherRequestOnTheConnection) {
  for (const std::string& answer :
       {std::string(
            "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n"),
        std::string("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
        std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"),
        std::string("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "2\r\nok\r\n0\r\n\r\n")}) {
    HttpAnswerReader reader(1024);
    EXPECT_EQ(feedAll(reader, answer), State::kDone) << answer;
    EXPECT_FALSE(reader.reusable()) << answer;
  }
}

TEST(HttpAnswerReaderTest, AnAnnouncedOrCountedBodyAboveTheLimitIsTooLarge) {
  HttpAnswerReader announced(10);
  EXPECT_EQ(feedAll(announced, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"), State::kTooLarge);
  HttpAnswerReader chunked(10);
  EXPECT_EQ(feedAll(chunked,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "6\r\n123456\r\n5\r\n"),
            State::kTooLarge);
  HttpAnswerReader unframed(10);
  EXPECT_EQ(feedAll(unframed, "HTTP/1.1 200 OK\r\n\r\n12345678901"), State::kTooLarge);
  HttpAnswerReader at_limit(10);
  EXPECT_EQ(feedAll(at_limit, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234567890"),
            State::kDone);
}

TEST(HttpAnswerReaderTest, BrokenAnswersAreMalformed) {
  for (const std::string& answer : {
           std::string("hello, this is not HTTP\r\n\r\n"),
           std::string("HTTP/1.1 banana\r\n\r\n"),
           std::string("HTTP/2 200\r\n\r\n"),
           std::string("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"),
           std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n"),
           std::string("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
           std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
           std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
           std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX"),
           std::string("HTTP/1.1 101 Switching Protocols\r\n\r\n"),
       }) {
    HttpAnswerReader reader(1024);
    EXPECT_EQ(feedAll(reader, answer), State::kMalformed) << answer;
  }
}

TEST(HttpAnswerReaderTest, NotHttpIsKnownFromTheFirstBytes) {
  HttpAnswerReader reader(1024);
  EXPECT_EQ(feedAll(reader, "HTT"), State::kNeedMore);
  EXPECT_EQ(feedAll(reader, "X"), State::kMalformed);
}

TEST(HttpAnswerReaderTest, TheConnectionEndingBeforeTheAnswerIsWholeIsMalformed) {
  for (const std::string& part :
       {std::string("HTTP/1.1 200 OK\r\nContent-Le"),
        std::string("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"),
        std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")}) {
    HttpAnswerReader reader(1024);
    EXPECT_EQ(feedAll(reader, part), State::kNeedMore) << part;
    EXPECT_EQ(reader.endOfStream(), State::kMalformed) << part;
    EXPECT_TRUE(reader.anyByteReceived());
  }
  HttpAnswerReader nothing(1024);
  EXPECT_EQ(nothing.endOfStream(), State::kMalformed);
  EXPECT_FALSE(nothing.anyByteReceived());
}

TEST(HttpAnswerReaderTest, AHeadThatNeverEndsIsMalformed) {
  HttpAnswerReader reader(1024);
  EXPECT_EQ(feedAll(reader, "HTTP/1.1 200 OK\r\n"), State::kNeedMore);
  const std::string header = "X-Filler: " + std::string(1000, 'f') + "\r\n";
  State state = State::kNeedMore;
  for (int i = 0; i < 100 && state == State::kNeedMore; ++i) state = feedAll(reader, header);
  EXPECT_EQ(state, State::kMalformed);
}

}  // namespace
}  // namespace renkei

// The broker-to-broker frames (adapters/peer/peer_frames): what goes out comes back the same,
// and what is not a well-formed message is refused with a reason, never trusted.
#include <gtest/gtest.h>

#include "adapters/peer/peer_frames.h"

namespace renkei::peer {
namespace {

PeerCall sampleCall() {
  PeerCall call;
  call.message_id = "6f1c1b2e-3b7a-4c1e-9d2f-0a1b2c3d4e5f";
  call.deadline_unix_ms = 1764633600123;
  call.sender = "062022/kokuho";
  call.receiver = "062014/kokuho";
  call.service_name = "ShikakuJohoShokai";
  call.service_version = "1";
  call.content_type = "text/xml; charset=utf-8";
  call.soap_action = "\"urn:renkei:unit:kokuho:v1#ShikakuJohoShokai\"";
  call.body = std::string("<Envelope>\0binary-safe 𠮷</Envelope>", 38);
  return call;
}

TEST(PeerFramesTest, ARequestRoundTrips) {
  const Frames frames = encodeRequest(0x0102030405060708ULL, sampleCall());
  ASSERT_EQ(frames.size(), 11u);
  EXPECT_EQ(frames[0], kRequestTag);
  EXPECT_EQ(frames[1], std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));  // big-endian
  std::string error;
  auto decoded = decodeRequest(frames, 1024, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->correlation, 0x0102030405060708ULL);
  const PeerCall expected = sampleCall();
  EXPECT_EQ(decoded->call.message_id, expected.message_id);
  EXPECT_EQ(decoded->call.deadline_unix_ms, expected.deadline_unix_ms);
  EXPECT_EQ(decoded->call.sender, expected.sender);
  EXPECT_EQ(decoded->call.receiver, expected.receiver);
  EXPECT_EQ(decoded->call.service_name, expected.service_name);
  EXPECT_EQ(decoded->call.service_version, expected.service_version);
  EXPECT_EQ(decoded->call.content_type, expected.content_type);
  EXPECT_EQ(decoded->call.soap_action, expected.soap_action);
  EXPECT_EQ(decoded->call.body, expected.body);
}

TEST(PeerFramesTest, AReplyRoundTrips) {
  PeerAnswer answer;
  answer.status = "Client.LinkNotRegistered";
  answer.reason = "no active link";
  answer.http_status = 500;
  answer.content_type = "text/xml; charset=utf-8";
  answer.body = "<Fault/>";
  std::string error;
  auto decoded = decodeReply(encodeReply(42, answer), 1024, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->correlation, 42u);
  EXPECT_EQ(decoded->answer.outcome, PeerAnswer::kAnswered);
  EXPECT_EQ(decoded->answer.status, answer.status);
  EXPECT_EQ(decoded->answer.reason, answer.reason);
  EXPECT_EQ(decoded->answer.http_status, 500);
  EXPECT_EQ(decoded->answer.content_type, answer.content_type);
  EXPECT_EQ(decoded->answer.body, answer.body);
}

TEST(PeerFramesTest, MalformedRequestsAreRefusedWithAReason) {
  const Frames good = encodeRequest(1, sampleCall());
  std::string error;
  Frames f = good;
  f.pop_back();
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  EXPECT_NE(error.find("expected 11 frames"), std::string::npos) << error;
  f = good;
  f[0] = kReplyTag;
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  f = good;
  f[1] = "1234";
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  EXPECT_NE(error.find("8-byte"), std::string::npos) << error;
  f = good;
  f[4] = std::string(kMaxFieldBytes + 1, 'x');
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  EXPECT_NE(error.find("frame 4"), std::string::npos) << error;
  EXPECT_FALSE(decodeRequest(good, 10, &error));  // body over the limit
  EXPECT_NE(error.find("too large"), std::string::npos) << error;
  f = good;
  f[5].clear();  // no receiver
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  f = good;
  f[3] = std::string(8, '\0');  // deadline 0
  EXPECT_FALSE(decodeRequest(f, 1024, &error));
  EXPECT_FALSE(decodeRequest({}, 1024, &error));
}

TEST(PeerFramesTest, MalformedRepliesAreRefused) {
  PeerAnswer answer;
  answer.status = "ok";
  answer.http_status = 200;
  const Frames good = encodeReply(7, answer);
  std::string error;
  Frames f = good;
  f[3] = "2x0";
  EXPECT_FALSE(decodeReply(f, 1024, &error));
  f[3] = "99999999999999999999";
  EXPECT_FALSE(decodeReply(f, 1024, &error));
  f[3] = "42";
  EXPECT_FALSE(decodeReply(f, 1024, &error));
  f = good;
  f[2].clear();
  EXPECT_FALSE(decodeReply(f, 1024, &error));
  f = good;
  f.push_back("extra");
  EXPECT_FALSE(decodeReply(f, 1024, &error));
  EXPECT_TRUE(decodeReply(good, 1024, &error)) << error;
}

}  // namespace
}  // namespace renkei::peer

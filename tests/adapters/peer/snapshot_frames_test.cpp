// The registry snapshot fetch frames (adapters/peer/snapshot_frames): round trips, and what is
// not a well-formed fetch or reply is refused with a reason.
#include <gtest/gtest.h>

#include "adapters/peer/snapshot_frames.h"

namespace renkei::peer {
namespace {

TEST(SnapshotFramesTest, ARequestAndAReplyRoundTrip) {
  std::string error;
  const auto nonce = decodeSnapshotRequest(encodeSnapshotRequest("42"), &error);
  ASSERT_TRUE(nonce) << error;
  EXPECT_EQ(*nonce, "42");
  const std::string bytes("signed\0snapshot", 15);
  auto reply =
      decodeSnapshotReply(encodeSnapshotReply({"42", kSnapshotStatusOk, bytes}), 1024, &error);
  ASSERT_TRUE(reply) << error;
  EXPECT_EQ(reply->nonce, "42");
  EXPECT_EQ(reply->status, kSnapshotStatusOk);
  EXPECT_EQ(reply->bytes, bytes);
}

TEST(SnapshotFramesTest, MalformedMessagesAreRefused) {
  std::string error;
  EXPECT_FALSE(decodeSnapshotRequest({kSnapshotRequestTag}, &error));
  EXPECT_FALSE(decodeSnapshotRequest({kRequestTag, "1"}, &error));
  EXPECT_FALSE(decodeSnapshotRequest({kSnapshotRequestTag, std::string(2000, 'x')}, &error));
  EXPECT_FALSE(decodeSnapshotReply({kSnapshotReplyTag, "1", "maybe", "x"}, 1024, &error));
  EXPECT_FALSE(decodeSnapshotReply({kSnapshotReplyTag, "1", kSnapshotStatusOk}, 1024, &error));
  EXPECT_FALSE(decodeSnapshotReply(
      {kSnapshotReplyTag, "1", kSnapshotStatusOk, std::string(2000, 'x')}, 1024, &error));
  EXPECT_NE(error.find("larger than 1024 bytes"), std::string::npos) << error;
}

}  // namespace
}  // namespace renkei::peer

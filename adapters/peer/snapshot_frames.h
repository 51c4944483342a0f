#pragma once
// Frames of the registry snapshot fetch between brokers (docs/federation.md, "Frames"): a
// follower asks, the peer listener answers with the signed snapshot it holds, or "none" when it
// is not the primary or has none yet. Apart from the 照会 frames so both stay small; the peer
// listener tells them apart by the tag in frame 0.
#include <optional>
#include <string>

#include "adapters/peer/peer_frames.h"

namespace renkei::peer {

inline constexpr const char* kSnapshotRequestTag = "RENKEI-PEER/1 SNAPSHOT-REQ";
inline constexpr const char* kSnapshotReplyTag = "RENKEI-PEER/1 SNAPSHOT-REP";
inline constexpr const char* kSnapshotStatusOk = "ok";
inline constexpr const char* kSnapshotStatusNone = "none";

// Request: tag, nonce (echoed, so a late reply to an earlier fetch is told apart).
Frames encodeSnapshotRequest(const std::string& nonce);
std::optional<std::string> decodeSnapshotRequest(const Frames& frames, std::string* error);

struct SnapshotReply {
  std::string nonce;
  std::string status;  // kSnapshotStatusOk or kSnapshotStatusNone
  std::string bytes;   // the signed snapshot when ok; why not when none
};

// Reply: tag, nonce, status, bytes.
Frames encodeSnapshotReply(const SnapshotReply& reply);
std::optional<SnapshotReply> decodeSnapshotReply(const Frames& frames, std::size_t max_bytes,
                                                 std::string* error);

}  // namespace renkei::peer

#include "adapters/peer/snapshot_frames.h"

namespace renkei::peer {

Frames encodeSnapshotRequest(const std::string& nonce) { return {kSnapshotRequestTag, nonce}; }

std::optional<std::string> decodeSnapshotRequest(const Frames& frames, std::string* error) {
  if (frames.size() != 2 || frames[0] != kSnapshotRequestTag || frames[1].size() > kMaxFieldBytes) {
    if (error) *error = "not a well-formed " + std::string(kSnapshotRequestTag) + " message";
    return std::nullopt;
  }
  return frames[1];
}

Frames encodeSnapshotReply(const SnapshotReply& reply) {
  return {kSnapshotReplyTag, reply.nonce, reply.status, reply.bytes};
}

std::optional<SnapshotReply> decodeSnapshotReply(const Frames& frames, std::size_t max_bytes,
                                                 std::string* error) {
  if (frames.size() != 4 || frames[0] != kSnapshotReplyTag) {
    if (error) *error = "not a well-formed " + std::string(kSnapshotReplyTag) + " message";
    return std::nullopt;
  }
  if (frames[1].size() > kMaxFieldBytes ||
      (frames[2] != kSnapshotStatusOk && frames[2] != kSnapshotStatusNone)) {
    if (error) *error = "the snapshot reply's nonce or status is malformed";
    return std::nullopt;
  }
  if (frames[3].size() > max_bytes) {
    if (error) *error = "the snapshot is larger than " + std::to_string(max_bytes) + " bytes";
    return std::nullopt;
  }
  return SnapshotReply{frames[1], frames[2], frames[3]};
}

}  // namespace renkei::peer

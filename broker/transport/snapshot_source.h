#pragma once
// Where a follower broker gets the federation primary's signed registry snapshot (the ZeroMQ
// CURVE transport is in adapters/peer/snapshot_fetcher.*): the bytes as the primary sent them,
// checked by the caller, never by the transport.
#include <chrono>
#include <string>

namespace renkei {

struct SnapshotFetch {
  bool ok = false;
  std::string bytes;  // encodeSignedLinkSnapshot() as the primary sent it, when ok
  std::string error;  // when not ok: why, for the log line
};

class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  // Blocks at most `timeout`; never throws.
  virtual SnapshotFetch fetch(std::chrono::milliseconds timeout) = 0;
};

}  // namespace renkei

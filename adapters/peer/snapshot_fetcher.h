#pragma once
// The follower's side of the registry snapshot fetch: a DEALER socket of its own to the
// primary's peer listener, with this broker's CURVE keys and the primary's public key, so the
// primary's ZAP handler admits it exactly as it admits this broker's 照会. Its own socket rather
// than a slot on PeerClients: a fetch every few seconds never competes with 照会 for the
// per-peer bound or trips their breaker, and it is used from one thread only (the follower's).
#include <chrono>
#include <cstdint>
#include <string>

#include <zmq.hpp>

#include "broker/transport/snapshot_source.h"

namespace renkei::peer {

struct SnapshotFetcherSettings {
  std::string primary;             // its name, for messages
  std::string endpoint;            // its peer listener
  std::string primary_public_key;  // Z85
  std::string public_key;          // this broker's, Z85
  std::string secret_key;
  int heartbeat_ms = 1000;
  std::size_t max_bytes = 64 * 1024 * 1024;
};

class SnapshotFetcher : public SnapshotSource {
 public:
  explicit SnapshotFetcher(SnapshotFetcherSettings settings);
  ~SnapshotFetcher() override;
  SnapshotFetcher(const SnapshotFetcher&) = delete;
  SnapshotFetcher& operator=(const SnapshotFetcher&) = delete;

  SnapshotFetch fetch(std::chrono::milliseconds timeout) override;

 private:
  SnapshotFetcherSettings settings_;
  zmq::context_t context_;
  zmq::socket_t socket_;
  uint64_t next_nonce_ = 1;
};

}  // namespace renkei::peer

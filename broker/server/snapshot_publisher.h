#pragma once
// The primary's side of registry consistency (docs/federation.md, "Registry snapshot"): every
// publishEverySeconds it takes the cross-cloud links of its registry (sender and receiver hosted
// by different brokers, per its directory), and when they changed, or the snapshot it signed is
// halfway to its expiry, signs a new version with its key, keeps it in its file and hands it to
// the peer listener, which gives it to every follower that asks.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "broker/audit/checkpoint_key.h"
#include "broker/config/federation_config.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/link_snapshot.h"

namespace renkei {

class SnapshotPublisher {
 public:
  // Reads the file of the last snapshot it issued, so versions go on from there, and issues
  // one at once. Throws ConfigError-worthy std::runtime_error when the key or file is unusable.
  SnapshotPublisher(const FederationConfig& federation, const LinkRegistry& registry,
                    std::ostream& log);
  ~SnapshotPublisher();
  SnapshotPublisher(const SnapshotPublisher&) = delete;
  SnapshotPublisher& operator=(const SnapshotPublisher&) = delete;

  void start();
  void stop();  // idempotent
  // One look at the registry, on the caller's thread: signs a new version when needed.
  void publishOnce();
  // The signed bytes followers get; nullopt before the first one is signed.
  std::optional<std::string> signedBytes() const;
  // The snapshot signed last (version 0 when none yet).
  LinkSnapshot current() const;

 private:
  void run();
  std::vector<Link> crossCloudLinks() const;

  const FederationConfig& federation_;
  const RegistrySnapshotConfig& config_;
  const LinkRegistry& registry_;
  std::ostream& log_;
  CheckpointSigner signer_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  LinkSnapshot current_;      // guarded by mutex_
  std::string signed_bytes_;  // guarded by mutex_; "" before the first
  std::string last_error_;    // publisher thread only: a failing write is logged once
  std::thread thread_;
};

}  // namespace renkei

#pragma once
// A follower's side of registry consistency (docs/federation.md, "Registry snapshot"): every
// fetchEverySeconds it asks the primary for its signed snapshot of the cross-cloud links,
// checks the signature with the primary's public key from the configuration, refuses one that
// is forged, altered, older than its copy or expired (logged; its copy stays), keeps an accepted
// one in its file and swaps it in. Cross-cloud authorization (CrossCloudAuthorizeStage) reads
// only what it holds; once that has expired, cross-cloud traffic is refused.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "broker/audit/checkpoint_key.h"
#include "broker/config/registry_snapshot_config.h"
#include "broker/registry/link_snapshot_holder.h"
#include "broker/transport/snapshot_source.h"

namespace renkei {

class SnapshotFollower : public LinkSnapshotHolder {
 public:
  using Held = HeldLinkSnapshot;

  // Reads the file of the last accepted snapshot (checked again with the key). `source` must
  // outlive the follower. Throws std::runtime_error when the key cannot be read.
  SnapshotFollower(const RegistrySnapshotConfig& config, SnapshotSource& source, std::ostream& log);
  ~SnapshotFollower() override;
  SnapshotFollower(const SnapshotFollower&) = delete;
  SnapshotFollower& operator=(const SnapshotFollower&) = delete;

  void start();
  void stop();  // idempotent
  // One fetch on the caller's thread. True when a newer snapshot was accepted.
  bool fetchOnce();
  // What authorization reads: nullptr when no snapshot was ever accepted.
  std::shared_ptr<const Held> current() const override { return held_.load(); }
  // Fetches answered and refused so far (metrics).
  long refused() const { return refused_.load(); }
  const std::string& primary() const override { return config_.primary; }

 private:
  void run();
  bool accept(const std::string& bytes, std::string* why);
  void logFailure(const std::string& what);

  const RegistrySnapshotConfig& config_;
  SnapshotSource& source_;
  std::ostream& log_;
  CheckpointVerifier verifier_;
  std::atomic<std::shared_ptr<const Held>> held_;
  std::atomic<long> refused_{0};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool failing_ = false;        // follower thread: the last fetch failed
  int64_t expiry_logged_ = -1;  // follower thread: the version whose expiry was logged
  std::string last_error_;      // follower thread: each distinct failure is logged once
  std::thread thread_;
};

}  // namespace renkei

#pragma once
// <federation><registrySnapshot>: which broker of the federation signs the snapshot of
// cross-cloud links (the primary) and how the others (followers) fetch and trust it
// (docs/federation.md, "Registry snapshot"). Absent: each broker authorizes cross-cloud
// traffic against its own registry, as before.
#include <string>

namespace renkei {

struct RegistrySnapshotConfig {
  enum class Role { kNone, kPrimary, kFollower };
  Role role = Role::kNone;
  std::string file;  // absolute: the last snapshot issued (primary) or fetched (follower)
  // Primary.
  std::string signing_key_file;   // absolute; Ed25519 private key PEM (`renkei audit keygen`)
  int validity_seconds = 3600;    // expires-at = issued-at + this
  int publish_every_seconds = 5;  // how often it compares its registry with what it signed
  // Follower.
  std::string primary;                  // the primary's name in this broker's directory
  std::string primary_public_key_file;  // absolute; the primary's Ed25519 public key PEM
  int fetch_every_seconds = 30;
};

}  // namespace renkei

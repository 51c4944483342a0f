#pragma once
// What cross-cloud authorization reads on a follower (CrossCloudAuthorizeStage): the verified
// registry snapshot it holds now, if any. SnapshotFollower (broker/server) implements it; a
// stage test may hold a fixed one.
#include <cstdint>
#include <memory>
#include <string>

#include "broker/registry/link_registry.h"
#include "broker/registry/link_snapshot.h"

namespace renkei {

// A verified snapshot and its links, indexed for lookups; immutable once made.
struct HeldLinkSnapshot {
  explicit HeldLinkSnapshot(LinkSnapshot s) : snapshot(std::move(s)), links(linksOf(snapshot)) {}
  LinkSnapshot snapshot;
  LinkRegistry links;  // the snapshot's links only (no units, no services)

 private:
  static RegistrySnapshot linksOf(const LinkSnapshot& s) {
    RegistrySnapshot registry;
    registry.links = s.links;
    return registry;
  }
};

class LinkSnapshotHolder {
 public:
  virtual ~LinkSnapshotHolder() = default;
  // nullptr when no snapshot was ever accepted.
  virtual std::shared_ptr<const HeldLinkSnapshot> current() const = 0;
  // The primary's name in this broker's directory, for messages.
  virtual const std::string& primary() const = 0;
};

// Why cross-cloud decisions cannot be taken from what `holder` holds at `now_ms` (no snapshot
// yet, or it has expired), for a Server.RegistryExpired fault or a log line; empty when the
// snapshot is current.
std::string whySnapshotUnusable(const LinkSnapshotHolder& holder, int64_t now_ms);

}  // namespace renkei

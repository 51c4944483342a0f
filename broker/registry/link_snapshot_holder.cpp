#include "broker/registry/link_snapshot_holder.h"

namespace renkei {

std::string whySnapshotUnusable(const LinkSnapshotHolder& holder, int64_t now_ms) {
  const auto held = holder.current();
  if (!held) {
    return "cross-cloud exchanges are authorized from the registry snapshot of primary " +
           holder.primary() + ", and none has reached this broker yet";
  }
  const LinkSnapshot& s = held->snapshot;
  if (!s.expiredAt(now_ms)) return {};
  return "this broker's registry snapshot (version " + std::to_string(s.version) +
         " from primary " + s.primary + ") expired at " + utcText(s.expires_at_ms) +
         "; cross-cloud exchanges wait for a fresh one";
}

}  // namespace renkei

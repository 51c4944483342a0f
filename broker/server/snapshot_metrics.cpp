#include "broker/server/snapshot_metrics.h"

#include <chrono>
#include <functional>

namespace renkei {
namespace {

using metrics::MetricType;

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void registerSnapshotMetrics(metrics::Registry& registry, const FederationRuntime& federation) {
  const SnapshotPublisher* publisher = federation.publisher();
  const SnapshotFollower* follower = federation.follower();
  if (publisher == nullptr && follower == nullptr) return;
  // The snapshot issued (primary) or held (follower); version 0 when there is none.
  std::function<LinkSnapshot()> held = [publisher, follower] {
    if (publisher != nullptr) return publisher->current();
    const auto h = follower->current();
    return h ? h->snapshot : LinkSnapshot{};
  };
  const char* role = publisher != nullptr ? "primary" : "follower";
  registry.scraped("renkei_registry_snapshot_version",
                   "Version of the signed registry snapshot of cross-cloud links this broker "
                   "issued (role primary) or holds (role follower); 0 when none.",
                   MetricType::kGauge, {"role"}, [held, role](const auto& emit) {
                     emit({role}, static_cast<double>(held().version));
                   });
  registry.scraped("renkei_registry_snapshot_age_seconds",
                   "Seconds since the registry snapshot this broker issued or holds was issued.",
                   MetricType::kGauge, {"role"}, [held, role](const auto& emit) {
                     const LinkSnapshot s = held();
                     if (s.version > 0) emit({role}, (nowMs() - s.issued_at_ms) / 1000.0);
                   });
  registry.scraped("renkei_registry_snapshot_expires_in_seconds",
                   "Seconds until the registry snapshot expires; at or below 0 a follower "
                   "refuses cross-cloud traffic (Server.RegistryExpired).",
                   MetricType::kGauge, {"role"}, [held, role](const auto& emit) {
                     const LinkSnapshot s = held();
                     if (s.version > 0) emit({role}, (s.expires_at_ms - nowMs()) / 1000.0);
                   });
  if (follower != nullptr) {
    registry.scraped("renkei_registry_snapshot_refused_total",
                     "Snapshots from the primary this follower refused: bad signature, another "
                     "key, older version, expired.",
                     MetricType::kCounter, {}, [follower](const auto& emit) {
                       emit({}, static_cast<double>(follower->refused()));
                     });
  }
}

}  // namespace renkei

#pragma once
// Metrics of the registry snapshot (docs/federation.md, "Registry snapshot"), on the primary
// (what it issued) and on a follower (what it holds): version, age, time left, refusals.
#include "broker/metrics/metrics_registry.h"
#include "broker/server/federation_runtime.h"

namespace renkei {

// Registers nothing when the federation has no <registrySnapshot>.
void registerSnapshotMetrics(metrics::Registry& registry, const FederationRuntime& federation);

}  // namespace renkei

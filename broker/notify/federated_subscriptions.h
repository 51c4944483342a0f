#pragma once
// Subscriptions on a follower of the federation's registry snapshot (docs/federation.md,
// "Registry snapshot"): a subscription between units of this broker comes from the local
// registry, one that crosses clouds from the primary's signed snapshot alone (the local
// registry's copy of it is not consulted, as for 照会 in CrossCloudAuthorizeStage).
//
// An expired snapshot still names the cross-cloud subscribers when a post is fanned out: their
// copies are made and then held back by the dispatcher until a current snapshot arrives (the
// runtime's peer `reachable` test), so a notification is neither lost nor sent on a stale
// registry. The receiving broker authorizes each copy again on arrival.
#include <string>
#include <vector>

#include "broker/config/federation_config.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/link_snapshot_holder.h"

namespace renkei {

class FederatedSubscriptions : public SubscriptionFinder {
 public:
  FederatedSubscriptions(const LinkRegistry& local, const LinkSnapshotHolder& snapshot,
                         const FederationConfig& federation)
      : local_(local), snapshot_(snapshot), federation_(federation) {}
  std::vector<Link> activeSubscriptions(const std::string& sender, const std::string& topic,
                                        const std::string& version,
                                        const std::string& date) const override;

 private:
  const LinkRegistry& local_;
  const LinkSnapshotHolder& snapshot_;
  const FederationConfig& federation_;
};

}  // namespace renkei

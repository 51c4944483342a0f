#pragma once
// Authorization of a notification post. Addressed to the sender tenant's subscribers address
// ("062022/subscribers"), it needs at least one active subscription link from the sender for the
// topic, whatever the subscriptions' purposes: each copy is then delivered, and audited, under
// its own subscription's purpose and legal basis. Addressed to one unit, it is a targeted post
// and needs that unit's active link with the header's purpose, exactly as a 照会 would
// (AuthorizeStage). Sets exchange.link (the first subscription for a broadcast), so the replay
// check and the audit record treat the post like any authorized exchange.
//
// A copy forwarded by a peer broker (federation) is for one subscriber only, the unit the peer
// addressed (HttpRequest::peer_receiver): it needs that unit's active subscription link in
// THIS broker's registry, and the unit must be one of this broker's own. On a follower of the
// registry snapshot (`follower` given) such a copy crosses clouds, so it is authorized from the
// snapshot (the SubscriptionFinder is then FederatedSubscriptions) and refused with
// Server.RegistryExpired while no current snapshot is held: the peer keeps it and tries again.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "broker/config/federation_config.h"
#include "broker/core/japan_date.h"
#include "broker/core/service_catalog.h"
#include "broker/core/stage.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_snapshot_holder.h"

namespace renkei {

class SubscriptionAuthorizeStage : public Stage {
 public:
  // The snapshot a follower holds, and the directory that says which exchanges cross clouds.
  struct Follower {
    const LinkSnapshotHolder& snapshot;
    const FederationConfig& federation;
  };

  // `targeted` authorizes a post addressed to one unit (AuthorizeStage, or on a follower
  // CrossCloudAuthorizeStage).
  SubscriptionAuthorizeStage(const ServiceCatalog& catalog, const SubscriptionFinder& subscriptions,
                             std::unique_ptr<Stage> targeted,
                             std::optional<Follower> follower = std::nullopt,
                             std::function<std::string()> today = {});
  std::string_view name() const override { return "authorize_subscription"; }
  StageResult process(Exchange& exchange) override;

 private:
  StageResult authorizePeerCopy(Exchange& exchange, const std::string& date) const;

  const ServiceCatalog& catalog_;
  const SubscriptionFinder& subscriptions_;
  std::unique_ptr<Stage> targeted_;
  std::optional<Follower> follower_;
  std::function<std::string()> today_;
};

}  // namespace renkei

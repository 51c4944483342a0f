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
// THIS broker's registry, and the unit must be one of this broker's own.
#include <functional>
#include <string>
#include <string_view>

#include "broker/core/stage.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/service_catalog.h"
#include "broker/stages/authorize_stage.h"

namespace renkei {

class SubscriptionAuthorizeStage : public Stage {
 public:
  SubscriptionAuthorizeStage(const ServiceCatalog& catalog, const SubscriptionFinder& subscriptions,
                             std::function<std::string()> today = {});
  std::string_view name() const override { return "authorize_subscription"; }
  StageResult process(Exchange& exchange) override;

 private:
  StageResult authorizePeerCopy(Exchange& exchange, const std::string& date) const;

  const ServiceCatalog& catalog_;
  AuthorizeStage targeted_;
  const SubscriptionFinder& subscriptions_;
  std::function<std::string()> today_;
};

}  // namespace renkei

#include "broker/stages/subscription_authorize_stage.h"

#include "broker/config/notify_config.h"
#include "broker/notify/notify_clock.h"

namespace renkei {

SubscriptionAuthorizeStage::SubscriptionAuthorizeStage(const ServiceCatalog& catalog,
                                                       const SubscriptionFinder& subscriptions,
                                                       std::unique_ptr<Stage> targeted,
                                                       std::optional<Follower> follower,
                                                       std::function<std::string()> today)
    : catalog_(catalog),
      subscriptions_(subscriptions),
      targeted_(std::move(targeted)),
      follower_(follower),
      today_(today ? std::move(today) : jstDateToday) {}

StageResult SubscriptionAuthorizeStage::process(Exchange& exchange) {
  if (!exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "subscription check reached without a checked platform header");
  }
  const PlatformHeader& h = *exchange.header;
  if (!exchange.request.via_peer.empty()) return authorizePeerCopy(exchange, today_());
  if (h.receiver != subscribersAddressOf(h.sender)) return targeted_->process(exchange);
  const std::string date = today_();
  auto found =
      subscriptions_.activeSubscriptions(h.sender, h.service_name, h.service_version, date);
  if (found.empty()) {
    return StageResult::refuse(FaultCode::kLinkNotRegistered,
                               "no active subscription link to topic " + h.service_name + ":" +
                                   h.service_version + " from " + h.sender + " on " + date);
  }
  exchange.link = std::move(found.front());
  return StageResult::proceed();
}

// The peer broker accepted the post and authorized it against its registry; this broker
// decides for itself whether its own unit may receive it.
StageResult SubscriptionAuthorizeStage::authorizePeerCopy(Exchange& exchange,
                                                          const std::string& date) const {
  const PlatformHeader& h = *exchange.header;
  const std::string& receiver = exchange.request.peer_receiver;
  if (receiver.empty() ||
      (h.receiver != receiver && h.receiver != subscribersAddressOf(h.sender))) {
    return StageResult::refuse(FaultCode::kLinkNotRegistered,
                               "a notification copy from peer " + exchange.request.via_peer +
                                   " must name one subscriber of this broker (header Receiver " +
                                   h.receiver + ", copy for '" + receiver + "')");
  }
  const std::optional<Unit> unit = catalog_.findUnit(receiver);
  if (!unit || unit->endpoint.empty()) {
    // Peer-hosted units have no endpoint here: brokers do not relay between peers.
    return StageResult::refuse(FaultCode::kLinkNotRegistered,
                               "receiver " + receiver + " is not a unit of this broker");
  }
  if (follower_ && follower_->federation.crossesClouds(h.sender, receiver)) {
    const std::string unusable = whySnapshotUnusable(follower_->snapshot, epochMsNow());
    if (!unusable.empty()) return StageResult::refuse(FaultCode::kRegistryExpired, unusable);
  }
  for (Link& link :
       subscriptions_.activeSubscriptions(h.sender, h.service_name, h.service_version, date)) {
    if (link.receiver != receiver) continue;
    exchange.receiver = unit;
    exchange.link = std::move(link);
    return StageResult::proceed();
  }
  return StageResult::refuse(FaultCode::kLinkNotRegistered,
                             "no active subscription link " + h.sender + " -> " + receiver +
                                 " to topic " + h.service_name + ":" + h.service_version +
                                 " in this broker's registry on " + date);
}

}  // namespace renkei

#include "broker/stages/subscription_authorize_stage.h"

#include "broker/notify/notify_config.h"

namespace renkei {

SubscriptionAuthorizeStage::SubscriptionAuthorizeStage(const ServiceCatalog& catalog,
                                                       const SubscriptionFinder& subscriptions,
                                                       std::function<std::string()> today)
    : targeted_(catalog, today),
      subscriptions_(subscriptions),
      today_(today ? std::move(today) : jstDateToday) {}

StageResult SubscriptionAuthorizeStage::process(Exchange& exchange) {
  if (!exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "subscription check reached without a checked platform header");
  }
  const PlatformHeader& h = *exchange.header;
  if (h.receiver != subscribersAddressOf(h.sender)) return targeted_.process(exchange);
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

}  // namespace renkei

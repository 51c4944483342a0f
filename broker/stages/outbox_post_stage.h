#pragma once
// The end of the notification chain: writes the notification and one delivery per subscriber
// into the outbox in one transaction, and only then answers the sender with a receipt. What the
// broker acknowledged is durable: a crash right after the answer loses no copy. The dispatcher
// (broker/notify/notification_dispatcher.h) is woken to deliver at once.
#include <functional>
#include <string_view>

#include "broker/config/notify_config.h"
#include "broker/core/stage.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/subscriptions.h"

namespace renkei {

class OutboxPostStage : public Stage {
 public:
  OutboxPostStage(OutboxStore& outbox, const SubscriptionFinder& subscriptions,
                  const NotifyConfig& notify, std::function<void()> posted = {});
  std::string_view name() const override { return "outbox_post"; }
  StageResult process(Exchange& exchange) override;

 private:
  OutboxStore& outbox_;
  const SubscriptionFinder& subscriptions_;
  const NotifyConfig& notify_;
  std::function<void()> posted_;
};

}  // namespace renkei

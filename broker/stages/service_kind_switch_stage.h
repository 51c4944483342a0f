#pragma once
// Where 照会 and 通知 part: after the header is checked and the caller authenticated, a message
// for a notification topic runs the notification chain (subscriptions, outbox), every other one
// the request chain (link, forward, answer). Both chains are assembled in pipeline_builder.
#include <memory>
#include <string_view>
#include <vector>

#include "broker/config/notify_config.h"
#include "broker/core/stage.h"

namespace renkei {

class ServiceKindSwitchStage : public Stage {
 public:
  ServiceKindSwitchStage(const NotifyConfig& notify, std::vector<std::unique_ptr<Stage>> requests,
                         std::vector<std::unique_ptr<Stage>> notifications);
  std::string_view name() const override { return "service_kind"; }
  StageResult process(Exchange& exchange) override;

 private:
  const NotifyConfig& notify_;
  std::vector<std::unique_ptr<Stage>> requests_;
  std::vector<std::unique_ptr<Stage>> notifications_;
};

}  // namespace renkei

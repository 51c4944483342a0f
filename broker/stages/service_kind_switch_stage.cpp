#include "broker/stages/service_kind_switch_stage.h"

#include <chrono>
#include <stdexcept>
#include <string>

#include "broker/core/stage_timing.h"

namespace renkei {

ServiceKindSwitchStage::ServiceKindSwitchStage(const NotifyConfig& notify,
                                               std::vector<std::unique_ptr<Stage>> requests,
                                               std::vector<std::unique_ptr<Stage>> notifications)
    : notify_(notify), requests_(std::move(requests)), notifications_(std::move(notifications)) {}

StageResult ServiceKindSwitchStage::process(Exchange& exchange) {
  const bool topic = exchange.header && notify_.findTopic(exchange.header->service_name,
                                                          exchange.header->service_version);
  // Each stage of the branch is timed under its own name (stage_timing.h).
  auto mark = std::chrono::steady_clock::now();
  for (auto& stage : topic ? notifications_ : requests_) {
    try {
      StageResult result = stage->process(exchange);
      mark = recordStageTiming(exchange, stage->name(), mark);
      if (!result.ok()) return result;
    } catch (const std::exception& e) {
      recordStageTiming(exchange, stage->name(), mark);
      // The pipeline logs it and answers Server.Internal; say which stage of the branch it was.
      throw std::runtime_error(std::string(stage->name()) + ": " + e.what());
    }
  }
  return StageResult::proceed();
}

}  // namespace renkei

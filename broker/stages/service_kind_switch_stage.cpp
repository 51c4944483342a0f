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
  auto& chain = topic ? notifications_ : requests_;
  // Each stage of the branch is timed under its own name (stage_timing.h); a parked one from
  // when it parked, and the branch goes on from it (Exchange::park_path).
  std::size_t first = 0;
  auto mark = std::chrono::steady_clock::now();
  if (!exchange.park_path.empty()) {
    first = exchange.park_path.back();
    exchange.park_path.pop_back();
    mark = exchange.parked_since;
  }
  for (std::size_t i = first; i < chain.size(); ++i) {
    Stage& stage = *chain[i];
    try {
      StageResult result = stage.process(exchange);
      if (result.parked()) {
        exchange.park_path.push_back(i);
        return result;
      }
      mark = recordStageTiming(exchange, stage.name(), mark);
      if (!result.ok()) return result;
    } catch (const std::exception& e) {
      recordStageTiming(exchange, stage.name(), mark);
      // The pipeline logs it and answers Server.Internal; say which stage of the branch it was.
      throw std::runtime_error(std::string(stage.name()) + ": " + e.what());
    }
  }
  return StageResult::proceed();
}

}  // namespace renkei

#pragma once
// Per-stage timings for the access log's stages_us. The pipeline times each of its stages; a
// stage that runs a chain of its own (ServiceKindSwitchStage) times each stage of that chain
// instead, so the log names route, forward, outbox, ... rather than one opaque branch. Fixed
// room in the exchange: timing allocates nothing, and timings past the room are dropped.
#include <chrono>
#include <string_view>

#include "broker/core/exchange.h"

namespace renkei {

// Records `stage` as having run from `since` until now; returns now, the next stage's start.
inline std::chrono::steady_clock::time_point recordStageTiming(
    Exchange& exchange, std::string_view stage, std::chrono::steady_clock::time_point since) {
  const auto now = std::chrono::steady_clock::now();
  if (exchange.stage_count < exchange.stage_timings.size()) {
    exchange.stage_timings[exchange.stage_count++] = {
        stage, std::chrono::duration_cast<std::chrono::microseconds>(now - since)};
  }
  return now;
}

}  // namespace renkei

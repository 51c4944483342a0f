#pragma once
// Wall-clock helpers of the outbox: schedules are Unix epoch milliseconds (comparable across
// broker instances and restarts, unlike steady_clock), texts are UTC ISO 8601.
#include <cstdint>
#include <string>

namespace renkei {

int64_t epochMsNow();
std::string utcIsoOfEpochMs(int64_t epoch_ms);  // "2026-05-01T09:00:00.123Z"
std::string newUuid();                          // random (version 4)

}  // namespace renkei

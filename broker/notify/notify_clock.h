#pragma once
// Wall-clock helpers of the outbox: schedules are Unix epoch milliseconds (comparable across
// broker instances and restarts, unlike steady_clock), texts are UTC ISO 8601.
#include <cstdint>
#include <string>

namespace renkei {

int64_t epochMsNow();  // as text: utcTimestampMs (broker/core/utc_timestamp.h)

}  // namespace renkei

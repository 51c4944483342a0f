#pragma once
// One access-log line (JSON, no trailing newline) for a finished exchange: when, which message,
// who to whom for which service, how it ended, and where the time went. Identifiers only, never
// message content; every value passes through maskMyNumbers.
#include <chrono>
#include <string>
#include <string_view>

#include "broker/core/exchange_observer.h"

namespace renkei::accesslog {

// "2024-06-03T10:15:42.123+09:00": local time with the offset `utc_offset` (seconds east of UTC).
std::string isoTimeWithOffset(std::chrono::system_clock::time_point when, long utc_offset);

std::string accessLogLine(const ExchangeReport& report, std::string_view instance,
                          std::chrono::system_clock::time_point when, long utc_offset);

}  // namespace renkei::accesslog

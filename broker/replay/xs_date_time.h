#pragma once
// xs:dateTime as an instant, for the freshness check of the platform header's Timestamp.
#include <chrono>
#include <optional>
#include <string_view>

namespace renkei {

// "2026-12-01T17:40:00+09:00", "...T08:40:00.123Z", "...T17:40:00" (no zone: read as Japan
// Standard Time, +09:00, the platform's own zone). nullopt when the text is not of that form or
// names an impossible date or time. The schema stage has already checked the lexical form; this
// only has to turn it into an instant.
std::optional<std::chrono::system_clock::time_point> parseXsDateTime(std::string_view text);

}  // namespace renkei

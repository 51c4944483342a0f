#pragma once
// Dates and times as reports need them. The audit trail and the registry store UTC ISO 8601 text
// ("2024-05-01T09:30:00.123Z", "2024-05-01"); reports compare them against an injectable "now"
// so that tests, and an operator asking "what did this look like last quarter", get stable rows.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::reports {

using TimePoint = std::chrono::sys_seconds;

// "YYYY-MM-DD", alone or as the start of a timestamp; nullopt unless it is a real calendar date.
std::optional<std::chrono::sys_days> parseIsoDate(std::string_view text);
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" with optional fraction and optional "Z" or
// "+00:00" (always UTC).
std::optional<TimePoint> parseIsoTimestamp(std::string_view text);

std::string formatIsoDate(std::chrono::sys_days day);
std::string formatIsoTimestamp(TimePoint at);  // "2024-05-01T09:30:00Z"

// The date in Japan (JST) of `at`: the same "today" the authorize stage uses for validity.
std::chrono::sys_days jstToday(TimePoint at);
// An audit or history time (UTC ISO text) as a Japanese office reads it: "2024-05-01 18:30:00
// +09:00". Text that is not a timestamp (empty, "never") is returned as it is.
std::string formatJst(std::string_view utc_text);
// The JST calendar date ("YYYY-MM-DD") of a UTC ISO timestamp; empty when it does not parse.
std::string jstDateOf(std::string_view utc_text);
TimePoint currentTime();

}  // namespace renkei::reports

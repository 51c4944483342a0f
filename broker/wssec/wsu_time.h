#pragma once
// xs:dateTime as used by wsu:Created and wsu:Expires: "2026-12-01T17:05:00Z", optional
// fractional seconds, a time zone required ("Z" or "+09:00"): a time without a zone would
// be read in the broker's zone, which the sender cannot know.
#include <chrono>
#include <optional>
#include <string_view>

namespace renkei::wssec {

std::optional<std::chrono::system_clock::time_point> parseDateTime(std::string_view text);

}  // namespace renkei::wssec

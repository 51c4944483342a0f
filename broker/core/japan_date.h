#pragma once
// The calendar date in Japan (JST, UTC+9; Japan has had no daylight saving time since 1951).
// A link's validFrom/validTo and a review date are dates of the municipality's calendar: a link
// valid from 2024-04-01 is valid from 00:00 that day in Yonezawa, not from 09:00 (00:00 UTC).
#include <chrono>
#include <string>

namespace renkei {

inline constexpr std::chrono::hours kJstOffset{9};

// The JST date of `at`, as days since the epoch.
std::chrono::sys_days jstDay(std::chrono::system_clock::time_point at);
// "YYYY-MM-DD" in JST.
std::string jstDateOf(std::chrono::system_clock::time_point at);
std::string jstDateToday();

}  // namespace renkei

#include "broker/reports/report_time.h"

#include <cstdio>

#include "broker/core/japan_date.h"

namespace renkei::reports {

namespace {

// Parses exactly `digits` ASCII digits at `pos`; no locale, no sign, no std::regex.
bool readNumber(std::string_view text, std::size_t pos, std::size_t digits, int* out) {
  if (pos + digits > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

}  // namespace

std::optional<std::chrono::sys_days> parseIsoDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (!readNumber(text, 0, 4, &y) || text.size() < 10 || text[4] != '-' ||
      !readNumber(text, 5, 2, &m) || text[7] != '-' || !readNumber(text, 8, 2, &d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::optional<TimePoint> parseIsoTimestamp(std::string_view text) {
  const auto day = parseIsoDate(text);
  if (!day) return std::nullopt;
  if (text.size() == 10) return TimePoint{*day};
  int h = 0, mi = 0, s = 0;
  if ((text[10] != 'T' && text[10] != ' ') || !readNumber(text, 11, 2, &h) || text.size() < 19 ||
      text[13] != ':' || !readNumber(text, 14, 2, &mi) || text[16] != ':' ||
      !readNumber(text, 17, 2, &s) || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (text.substr(pos) == "+00:00") {
    pos += 6;  // what some databases print for UTC
  }
  if (pos != text.size()) return std::nullopt;
  return TimePoint{*day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

std::string formatIsoDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string formatIsoTimestamp(TimePoint at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::hh_mm_ss time{at - TimePoint{day}};
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02dZ", formatIsoDate(day).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

std::chrono::sys_days jstToday(TimePoint at) { return jstDay(at); }

std::string formatJst(std::string_view utc_text) {
  const auto at = parseIsoTimestamp(utc_text);
  if (!at) return std::string(utc_text);
  const TimePoint local = *at + std::chrono::hours{9};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss time{local - TimePoint{day}};
  char text[48];
  std::snprintf(text, sizeof text, "%s %02d:%02d:%02d +09:00", formatIsoDate(day).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

std::string jstDateOf(std::string_view utc_text) {
  const auto at = parseIsoTimestamp(utc_text);
  return at ? formatIsoDate(jstToday(*at)) : std::string();
}

TimePoint currentTime() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace renkei::reports

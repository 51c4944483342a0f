#include "broker/archive/archive_day.h"

#include <cstdio>
#include <ctime>

namespace renkei::archive {
namespace {

constexpr std::time_t kJstOffsetSeconds = 9 * 3600;

bool digits(std::string_view text, size_t from, size_t count, int& value) {
  value = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

std::string dateOf(std::time_t utc_seconds) {
  const std::time_t jst = utc_seconds + kJstOffsetSeconds;
  std::tm tm{};
  gmtime_r(&jst, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

}  // namespace

std::optional<std::string> jstDateOf(std::string_view utc_iso) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!isArchiveDate(utc_iso.substr(0, 10)) || utc_iso.size() < 19 || utc_iso[10] != 'T' ||
      utc_iso[13] != ':' || utc_iso[16] != ':' || !digits(utc_iso, 0, 4, year) ||
      !digits(utc_iso, 5, 2, month) || !digits(utc_iso, 8, 2, day) ||
      !digits(utc_iso, 11, 2, hour) || !digits(utc_iso, 14, 2, minute) ||
      !digits(utc_iso, 17, 2, second)) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return dateOf(timegm(&tm));
}

std::string jstToday() { return dateOf(std::time(nullptr)); }

bool isArchiveDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(text, 0, 4, year) &&
         digits(text, 5, 2, month) && digits(text, 8, 2, day) && month >= 1 && month <= 12 &&
         day >= 1 && day <= 31;
}

}  // namespace renkei::archive

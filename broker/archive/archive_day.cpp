#include "broker/archive/archive_day.h"

#include <ctime>

#include "broker/core/japan_date.h"

namespace renkei::archive {
namespace {

bool digits(std::string_view text, size_t from, size_t count, int& value) {
  value = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::string> recordDayOf(std::string_view utc_iso) {
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
  return jstDateOf(std::chrono::system_clock::from_time_t(timegm(&tm)));
}

bool isArchiveDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(text, 0, 4, year) &&
         digits(text, 5, 2, month) && digits(text, 8, 2, day) && month >= 1 && month <= 12 &&
         day >= 1 && day <= 31;
}

}  // namespace renkei::archive

#include "broker/core/japan_date.h"

#include <cstdio>

namespace renkei {

std::chrono::sys_days jstDay(std::chrono::system_clock::time_point at) {
  return std::chrono::floor<std::chrono::days>(at + kJstOffset);
}

std::string jstDateOf(std::chrono::system_clock::time_point at) {
  const std::chrono::year_month_day ymd{jstDay(at)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string jstDateToday() { return jstDateOf(std::chrono::system_clock::now()); }

}  // namespace renkei

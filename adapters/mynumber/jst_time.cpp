#include "adapters/mynumber/jst_time.h"

#include <cstdio>
#include <ctime>

#include "broker/core/japan_date.h"

namespace renkei::mynumber {

std::string jstDateTimeOf(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at + kJstOffset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return text;
}

}  // namespace renkei::mynumber

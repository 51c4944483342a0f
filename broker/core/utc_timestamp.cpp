#include "broker/core/utc_timestamp.h"

#include <chrono>
#include <cstdio>

namespace renkei {

std::string utcTimestamp(std::time_t at) {
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string utcTimestampNow() { return utcTimestamp(std::time(nullptr)); }

std::string utcTimestampMs(int64_t epoch_ms) {
  const std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char text[64];  // room for any int the compiler imagines, so no truncation warning
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return text;
}

std::string utcTimestampMsNow() {
  using namespace std::chrono;
  return utcTimestampMs(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace renkei

#pragma once
// Archive files are cut by the Japanese calendar day (JST, UTC+9, no daylight saving): the
// business day municipalities count in, so one day's traffic is one file, named
// "YYYY-MM-DD.rka", however the broker host's clock zone is set.
#include <optional>
#include <string>
#include <string_view>

namespace renkei::archive {

// The JST date (broker/core/japan_date.h) of a UTC time as audit records write it
// ("2026-11-30T15:00:00.000Z" -> "2026-12-01"); nullopt when `utc_iso` does not start with
// such a time. Today's file is jstDateToday()'s.
std::optional<std::string> recordDayOf(std::string_view utc_iso);

// True for "YYYY-MM-DD" with a plausible month and day (what --date accepts and what names a
// file the reader looks at).
bool isArchiveDate(std::string_view text);

inline constexpr const char* kArchiveFileSuffix = ".rka";

inline std::string archiveFileName(const std::string& date) { return date + kArchiveFileSuffix; }

}  // namespace renkei::archive

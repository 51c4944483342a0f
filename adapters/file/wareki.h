#pragma once
// 和暦 (Japanese era) dates as legacy fixed-width files carry them, and their 西暦 equivalents.
// Eras are counted from the day each began (改元日), so 平成31年4月30日 is followed by
// 令和元年5月1日 and 昭和64年1月7日 by 平成元年1月8日; a date written in an era it is not in
// (平成31年5月1日, 昭和64年1月8日) is refused, never silently moved to the next era.
// 明治 is accepted from 明治6年1月1日 (1873-01-01), when Japan adopted the Gregorian calendar;
// earlier 明治 dates were lunisolar and need a conversion table this file does not carry.
#include <optional>
#include <string>
#include <string_view>

namespace renkei::file {

enum class Era { kMeiji = 1, kTaisho = 2, kShowa = 3, kHeisei = 4, kReiwa = 5 };

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const CivilDate&) const = default;
  auto operator<=>(const CivilDate&) const = default;
};

struct WarekiDate {
  Era era = Era::kReiwa;
  int year = 0;  // 1 is 元年
  int month = 0;
  int day = 0;
  bool operator==(const WarekiDate&) const = default;
};

bool isValidCivilDate(const CivilDate& date);
// "2019-05-01".
std::string isoText(const CivilDate& date);
// "2019-05-01" or "20190501"; nullopt (with *why) when not a real Gregorian date.
std::optional<CivilDate> parseSeireki(std::string_view text, std::string* why);

// The era a Gregorian date falls in; nullopt (with *why) before 明治6年.
std::optional<WarekiDate> toWareki(const CivilDate& date, std::string* why);
// The Gregorian date; nullopt (with *why) when the date is not within its era.
std::optional<CivilDate> toSeireki(const WarekiDate& date, std::string* why);

// "令和", "平成", ...
std::string_view eraName(Era era);
// 'R', 'H', 'S', 'T', 'M'.
char eraLetter(Era era);

// The 7-character form of fixed-width files: era + YYMMDD, the era as the 住基 code digit
// (1 明治, 2 大正, 3 昭和, 4 平成, 5 令和) or its letter (M, T, S, H, R): "5010501", "R010501".
std::optional<CivilDate> parseWarekiCode(std::string_view text, std::string* why);
// The digit form, "5010501".
std::optional<std::string> formatWarekiCode(const CivilDate& date, std::string* why);

// The written form, "令和元年5月1日" (also "令和1年5月1日", ASCII or full-width digits).
std::optional<CivilDate> parseWarekiText(std::string_view text, std::string* why);
// "令和元年5月1日".
std::optional<std::string> formatWarekiText(const CivilDate& date, std::string* why);

}  // namespace renkei::file

#include "adapters/file/wareki.h"

#include <array>
#include <cstdio>

namespace renkei::file {
namespace {

struct EraSpan {
  Era era;
  std::string_view name;
  char letter;
  CivilDate first;  // 改元日
  CivilDate last;
  int first_gregorian_year;  // the era year 1 is in (元年)
};

// 明治 starts at 明治6年1月1日 here: see wareki.h.
constexpr CivilDate kOpenEnd{9999, 12, 31};
const std::array<EraSpan, 5> kEras = {{
    {Era::kMeiji, "明治", 'M', {1873, 1, 1}, {1912, 7, 29}, 1868},
    {Era::kTaisho, "大正", 'T', {1912, 7, 30}, {1926, 12, 24}, 1912},
    {Era::kShowa, "昭和", 'S', {1926, 12, 25}, {1989, 1, 7}, 1926},
    {Era::kHeisei, "平成", 'H', {1989, 1, 8}, {2019, 4, 30}, 1989},
    {Era::kReiwa, "令和", 'R', {2019, 5, 1}, kOpenEnd, 2019},
}};

const EraSpan& spanOf(Era era) { return kEras[static_cast<int>(era) - 1]; }

bool fail(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
  return false;
}

std::string writtenYear(int year) { return year == 1 ? "元" : std::to_string(year); }

std::string warekiLabel(const WarekiDate& d) {
  return std::string(eraName(d.era)) + writtenYear(d.year) + "年" + std::to_string(d.month) + "月" +
         std::to_string(d.day) + "日";
}

// Digits of `text` starting at *at: ASCII or full-width (U+FF10..FF19, 3 bytes in UTF-8).
std::optional<int> readNumber(std::string_view text, size_t* at) {
  int value = 0, digits = 0;
  while (*at < text.size() && digits < 4) {
    const auto c = static_cast<unsigned char>(text[*at]);
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      *at += 1;
    } else if (c == 0xEF && *at + 2 < text.size() &&
               static_cast<unsigned char>(text[*at + 1]) == 0xBC &&
               static_cast<unsigned char>(text[*at + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[*at + 2]) <= 0x99) {
      value = value * 10 + (static_cast<unsigned char>(text[*at + 2]) - 0x90);
      *at += 3;
    } else {
      break;
    }
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return value;
}

bool consume(std::string_view text, size_t* at, std::string_view word) {
  if (text.substr(*at, word.size()) != word) return false;
  *at += word.size();
  return true;
}

int twoDigits(std::string_view text, size_t at) {
  const char a = text[at], b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

}  // namespace

bool isValidCivilDate(const CivilDate& d) {
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return d.day <= kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
}

std::string isoText(const CivilDate& d) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
  return text;
}

std::optional<CivilDate> parseSeireki(std::string_view text, std::string* why) {
  std::string digits;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    digits = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) +
             std::string(text.substr(8, 2));
  } else if (text.size() == 8) {
    digits = text;
  } else {
    fail(why, "'" + std::string(text) + "' is not a date as YYYYMMDD or YYYY-MM-DD");
    return std::nullopt;
  }
  const int century = twoDigits(digits, 0), yy = twoDigits(digits, 2), mm = twoDigits(digits, 4),
            dd = twoDigits(digits, 6);
  if (century < 0 || yy < 0 || mm < 0 || dd < 0) {
    fail(why, "'" + std::string(text) + "' has a non-digit where the date has digits");
    return std::nullopt;
  }
  const CivilDate date{century * 100 + yy, mm, dd};
  if (!isValidCivilDate(date)) {
    fail(why, "'" + std::string(text) + "' is not a day of the calendar");
    return std::nullopt;
  }
  return date;
}

std::optional<WarekiDate> toWareki(const CivilDate& date, std::string* why) {
  if (!isValidCivilDate(date)) {
    fail(why, isoText(date) + " is not a day of the calendar");
    return std::nullopt;
  }
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
    if (date >= it->first) {
      return WarekiDate{it->era, date.year - it->first_gregorian_year + 1, date.month, date.day};
    }
  }
  fail(why, isoText(date) + " is before 明治6年1月1日 (1873-01-01), the first Gregorian 和暦 day");
  return std::nullopt;
}

std::optional<CivilDate> toSeireki(const WarekiDate& w, std::string* why) {
  const int era = static_cast<int>(w.era);
  if (era < 1 || era > static_cast<int>(kEras.size())) {
    fail(why, "unknown era code " + std::to_string(era));
    return std::nullopt;
  }
  const EraSpan& span = spanOf(w.era);
  const CivilDate date{span.first_gregorian_year + w.year - 1, w.month, w.day};
  if (w.year < 1 || !isValidCivilDate(date)) {
    fail(why, warekiLabel(w) + " is not a day of the calendar");
    return std::nullopt;
  }
  if (date < span.first) {
    fail(why, warekiLabel(w) + " (" + isoText(date) + ") is before " + std::string(span.name) +
                  " began on " + isoText(span.first));
    return std::nullopt;
  }
  if (date > span.last) {
    fail(why, warekiLabel(w) + " (" + isoText(date) + ") is after " + std::string(span.name) +
                  " ended on " + isoText(span.last));
    return std::nullopt;
  }
  return date;
}

std::string_view eraName(Era era) { return spanOf(era).name; }
char eraLetter(Era era) { return spanOf(era).letter; }

std::optional<CivilDate> parseWarekiCode(std::string_view text, std::string* why) {
  if (text.size() != 7) {
    fail(why, "'" + std::string(text) + "' is not a 和暦 date as era + YYMMDD (7 characters)");
    return std::nullopt;
  }
  std::optional<Era> era;
  for (const EraSpan& span : kEras) {
    if (text[0] == static_cast<char>('0' + static_cast<int>(span.era)) || text[0] == span.letter ||
        text[0] == span.letter + ('a' - 'A')) {
      era = span.era;
    }
  }
  if (!era) {
    fail(why, "'" + std::string(text) +
                  "' starts with an unknown era code (1-5 or M, T, S, H, R expected)");
    return std::nullopt;
  }
  const int yy = twoDigits(text, 1), mm = twoDigits(text, 3), dd = twoDigits(text, 5);
  if (yy < 0 || mm < 0 || dd < 0) {
    fail(why, "'" + std::string(text) + "' has a non-digit where YYMMDD has digits");
    return std::nullopt;
  }
  return toSeireki(WarekiDate{*era, yy, mm, dd}, why);
}

std::optional<std::string> formatWarekiCode(const CivilDate& date, std::string* why) {
  const auto w = toWareki(date, why);
  if (!w) return std::nullopt;
  char text[16];
  std::snprintf(text, sizeof text, "%d%02d%02d%02d", static_cast<int>(w->era), w->year, w->month,
                w->day);
  return std::string(text);
}

std::optional<CivilDate> parseWarekiText(std::string_view text, std::string* why) {
  for (const EraSpan& span : kEras) {
    size_t at = 0;
    if (!consume(text, &at, span.name)) continue;
    std::optional<int> year = consume(text, &at, "元") ? 1 : readNumber(text, &at);
    if (!year || !consume(text, &at, "年")) break;
    const auto month = readNumber(text, &at);
    if (!month || !consume(text, &at, "月")) break;
    const auto day = readNumber(text, &at);
    if (!day || !consume(text, &at, "日") || at != text.size()) break;
    return toSeireki(WarekiDate{span.era, *year, *month, *day}, why);
  }
  fail(why, "'" + std::string(text) + "' is not a 和暦 date such as 令和元年5月1日");
  return std::nullopt;
}

std::optional<std::string> formatWarekiText(const CivilDate& date, std::string* why) {
  const auto w = toWareki(date, why);
  if (!w) return std::nullopt;
  return warekiLabel(*w);
}

}  // namespace renkei::file

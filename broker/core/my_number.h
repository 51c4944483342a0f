#pragma once
// 個人番号 (My Number) must never leave a message through the broker's own words: faults, logs,
// audit fields, metrics labels. Anything the broker writes that may echo a caller's text goes
// through maskMyNumbers first.
#include <string>
#include <string_view>

namespace renkei {

// Twelve ASCII digits whose last is the check digit of the other eleven (weights 6,5,4,3,2,7,
// 6,5,4,3,2 from the left; r = sum mod 11; check = 0 if r <= 1, else 11 - r).
bool isMyNumber(std::string_view twelve_digits);

// `text` with every run of exactly twelve digits (ASCII or full-width ０-９, not part of a
// longer run) that is a valid 個人番号 replaced by twelve asterisks. Other digit runs, such as
// a 15-digit 宛名番号 or a 6-digit 団体コード, are left alone.
std::string maskMyNumbers(std::string_view text);

}  // namespace renkei

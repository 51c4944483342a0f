#pragma once
// Terminal column width of UTF-8 text, so tables mixing Japanese and ASCII line up.
#include <cstddef>
#include <string>
#include <string_view>

namespace renkei {

// East Asian Wide and Fullwidth characters (kanji, kana, fullwidth forms) count 2 columns,
// combining marks 0, everything else 1. Ambiguous-width characters count 1, as in most
// terminals outside a CJK locale. Invalid UTF-8 bytes count 1 each rather than failing.
std::size_t displayWidth(std::string_view utf8);

// `text` followed by spaces up to `width` columns (never truncates).
std::string padToWidth(std::string_view text, std::size_t width);

}  // namespace renkei

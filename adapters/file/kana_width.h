#pragma once
// Half-width katakana (JIS X 0201, one byte in CP932) as the full-width katakana the platform
// schemas want (common:KanaText): "ﾀﾞｲｽｹ" is "ダイスケ", the voicing marks joined to the letter
// before them. A half-width space becomes U+3000, the separator KanaText allows.
#include <string>
#include <string_view>

namespace renkei::file {

std::string toFullWidthKana(std::string_view utf8);
// The first character that is not full-width katakana, ー, ・ or U+3000; npos when none.
size_t firstNonKatakana(std::string_view utf8, char32_t* found);

}  // namespace renkei::file

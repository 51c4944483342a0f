#include "adapters/file/kana_width.h"

#include <algorithm>
#include <array>

#include "broker/core/utf8_append.h"

namespace renkei::file {
namespace {

// U+FF61 .. U+FF9D in order.
constexpr std::array<char32_t, 61> kFullWidth = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3};

bool takesHandakuten(char32_t c) { return c >= 0x30CF && c <= 0x30DB && (c - 0x30CF) % 3 == 0; }

// カ..チ, ツ..ト and ハ..ホ: one code point further is the voiced letter (ガ, ヅ, バ).
bool takesDakuten(char32_t c) {
  return (c >= 0x30AB && c <= 0x30C1 && (c - 0x30AB) % 2 == 0) ||
         (c >= 0x30C4 && c <= 0x30C8 && (c - 0x30C4) % 2 == 0) || takesHandakuten(c);
}

char32_t next(std::string_view s, size_t* i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[*i + k]); };
  char32_t c;
  size_t n;
  if (b(0) < 0x80) {
    c = b(0), n = 1;
  } else if (b(0) < 0xE0) {
    c = ((b(0) & 0x1F) << 6) | (b(1) & 0x3F), n = 2;
  } else if (b(0) < 0xF0) {
    c = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F), n = 3;
  } else {
    c = ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F), n = 4;
  }
  *i += n;
  return c;
}

}  // namespace

std::string toFullWidthKana(std::string_view utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t c = next(utf8, &i);
    if (c == ' ') {
      out.push_back(0x3000);
    } else if (c >= 0xFF61 && c <= 0xFF9D) {
      out.push_back(kFullWidth[c - 0xFF61]);
    } else if (c == 0xFF9E) {  // ﾞ
      if (!out.empty() && out.back() == 0x30A6) {
        out.back() = 0x30F4;  // ｳﾞ -> ヴ
      } else if (!out.empty() && takesDakuten(out.back())) {
        out.back() += 1;
      } else {
        out.push_back(0x309B);
      }
    } else if (c == 0xFF9F) {  // ﾟ
      if (!out.empty() && takesHandakuten(out.back())) {
        out.back() += 2;
      } else {
        out.push_back(0x309C);
      }
    } else {
      out.push_back(c);
    }
  }
  std::string text;
  for (const char32_t c : out) appendUtf8(text, c);
  return text;
}

size_t firstNonKatakana(std::string_view utf8, char32_t* found) {
  for (size_t i = 0; i < utf8.size();) {
    const size_t at = i;
    const char32_t c = next(utf8, &i);
    if (!((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FC || c == 0x30FB || c == 0x3000)) {
      *found = c;
      return at;
    }
  }
  return std::string_view::npos;
}

}  // namespace renkei::file

#include "broker/registry/display_width.h"

#include <cstdint>
#include <iterator>

namespace renkei {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Condensed from Unicode's EastAsianWidth.txt (W and F); exact to the block, which is enough for
// unit names, purposes and legal bases.
constexpr Range kWide[] = {
    {0x1100, 0x115F}, {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},
    {0x200B, 0x200F},
    {0x3099, 0x309A},
    {0xFE00, 0xFE0F},
};

bool inRanges(char32_t c, const Range* begin, const Range* end) {
  for (const Range* r = begin; r != end; ++r) {
    if (c >= r->first && c <= r->last) return true;
  }
  return false;
}

// Decodes one code point at `i`, advancing `i`; returns U+FFFD-like sentinel on bad input.
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<uint8_t>(s[i]);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<uint8_t>(s[i + k]);
    if ((byte & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (byte & 0x3F);
  }
  i += length;
  return c;
}

}  // namespace

std::size_t displayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = nextCodePoint(utf8, i);
    if (inRanges(c, std::begin(kZeroWidth), std::end(kZeroWidth))) continue;
    width += inRanges(c, std::begin(kWide), std::end(kWide)) ? 2 : 1;
  }
  return width;
}

std::string padToWidth(std::string_view text, std::size_t width) {
  std::string padded(text);
  const std::size_t used = displayWidth(text);
  if (used < width) padded.append(width - used, ' ');
  return padded;
}

}  // namespace renkei

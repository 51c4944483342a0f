#include "broker/core/my_number.h"

#include "broker/core/uuid_tail.h"

namespace renkei {
namespace {

constexpr int kDigits = 12;
constexpr std::string_view kMask = "************";

// The digit at `pos` (0-9) and its length in bytes: 1 for ASCII, 3 for full-width U+FF10-FF19
// (EF BC 90-99 in UTF-8); length 0 when there is no digit there.
int digitAt(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c >= '0' && c <= '9') {
    length = 1;
    return c - '0';
  }
  if (c == 0xEF && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0xBC) {
    const auto last = static_cast<unsigned char>(text[pos + 2]);
    if (last >= 0x90 && last <= 0x99) {
      length = 3;
      return last - 0x90;
    }
  }
  length = 0;
  return -1;
}

bool validCheckDigit(const int (&digits)[kDigits]) {
  static constexpr int kWeights[kDigits - 1] = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < kDigits - 1; ++i) sum += digits[i] * kWeights[i];
  const int r = sum % 11;
  return digits[kDigits - 1] == (r <= 1 ? 0 : 11 - r);
}

}  // namespace

bool isMyNumber(std::string_view twelve_digits) {
  if (twelve_digits.size() != kDigits) return false;
  int digits[kDigits];
  for (int i = 0; i < kDigits; ++i) {
    const char c = twelve_digits[i];
    if (c < '0' || c > '9') return false;
    digits[i] = c - '0';
  }
  return validCheckDigit(digits);
}

std::string maskMyNumbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t length = 0;
    if (digitAt(text, pos, length) < 0) {
      out += text[pos++];
      continue;
    }
    // A maximal run of digits: only a run of exactly twelve can be a 個人番号.
    const std::size_t start = pos;
    int digits[kDigits];
    int count = 0;
    while (pos < text.size()) {
      const int d = digitAt(text, pos, length);
      if (d < 0) break;
      if (count < kDigits) digits[count] = d;
      ++count;
      pos += length;
    }
    if (count == kDigits && validCheckDigit(digits) && !endsUuid(text, start)) {
      out += kMask;
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

}  // namespace renkei

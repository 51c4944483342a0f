#include "broker/mynumber/personal_number.h"

#include "broker/core/my_number.h"
#include "broker/core/uuid_tail.h"

namespace renkei::mynumber {
namespace {

constexpr std::size_t kDigits = 12;

bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Offsets of the maximal ASCII digit runs of exactly twelve that pass the check digit;
// `skip_uuid_tails` leaves out those that end a UUID.
std::vector<std::size_t> find(std::string_view text, bool skip_uuid_tails) {
  std::vector<std::size_t> found;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!isAsciiDigit(text[pos])) {
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < text.size() && isAsciiDigit(text[pos])) ++pos;
    if (pos - start != kDigits) continue;
    if (!isPersonalNumber(text.substr(start, kDigits))) continue;
    if (skip_uuid_tails && endsUuid(text, start)) continue;
    found.push_back(start);
  }
  return found;
}

}  // namespace

// One check-digit rule in the code base: broker/core's, which also serves the broker-wide masking.
bool isPersonalNumber(std::string_view digits) { return isMyNumber(digits); }

std::vector<std::size_t> findPersonalNumbers(std::string_view text) { return find(text, false); }

std::vector<std::size_t> findPersonalNumbersOutsideUuids(std::string_view text) {
  return find(text, true);
}

std::string maskPersonalNumbers(std::string_view text) {
  std::string out(text);
  for (const std::size_t at : findPersonalNumbers(text)) out.replace(at, kDigits, kDigits, '*');
  return out;
}

}  // namespace renkei::mynumber

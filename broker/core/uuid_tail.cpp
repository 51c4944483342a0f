#include "broker/core/uuid_tail.h"

#include <cctype>

namespace renkei {

bool endsUuid(std::string_view text, std::size_t start) {
  static constexpr std::size_t kGroups[] = {8, 4, 4, 4};
  std::size_t at = start;
  for (int g = 3; g >= 0; --g) {
    if (at == 0 || text[at - 1] != '-') return false;
    --at;
    if (at < kGroups[g]) return false;
    for (std::size_t i = at - kGroups[g]; i < at; ++i) {
      if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    at -= kGroups[g];
  }
  return true;
}

}  // namespace renkei

#pragma once
// A UUID's last group is twelve hex digits, often all decimal: "…-8000-000000000019" is a message
// id, not a 個人番号. The 個人番号 scanners ask this before they call such a run a number.
#include <cstddef>
#include <string_view>

namespace renkei {

// True when the digit run starting at `start` in `text` is preceded by "8-4-4-4-" hex groups,
// i.e. is the last group of a UUID.
bool endsUuid(std::string_view text, std::size_t start);

}  // namespace renkei

#pragma once
// 個人番号 in text that is about to go towards the network side. The gateway and the broker's
// PersonalNumberGuardStage use these to refuse a message that carries one and to mask it in
// whatever they write. Only ASCII digits count here: a number written in full-width digits
// (１２３…) is not found (the broker-wide masking in broker/core/my_number.h still masks those
// in its own records). See docs/mynumber.md, "Personal numbers".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::mynumber {

// True when `digits` is 12 ASCII digits whose last is the 個人番号 check digit (weights
// 6,5,4,3,2,7,6,5,4,3,2 over the first 11 from the left; r = sum mod 11; check = 0 if r <= 1
// else 11 - r).
bool isPersonalNumber(std::string_view digits);

// Every run of exactly 12 ASCII digits (not part of a longer digit run) in `text` that
// isPersonalNumber: byte offsets, ascending.
std::vector<std::size_t> findPersonalNumbers(std::string_view text);

// As findPersonalNumbers, without the runs that are the last group of a UUID
// ("…-8000-000000000019"): a MessageId is an identifier, and about one random UUID in 3,000
// would otherwise read as a 個人番号 and be refused.
std::vector<std::size_t> findPersonalNumbersOutsideUuids(std::string_view text);

// `text` with each such run replaced by "************" (12 asterisks); other text unchanged.
std::string maskPersonalNumbers(std::string_view text);

}  // namespace renkei::mynumber

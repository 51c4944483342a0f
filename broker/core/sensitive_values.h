#pragma once
// Values of the elements a deployment configures as sensitive (<privacy><sensitive>), taken
// from one message, so that nothing the broker writes about that message (faults, audit fields,
// log lines) can echo them. A 個人番号 is masked everywhere anyway (my_number.h); this covers what
// only the deployment knows is personal: a 氏名 element, an address, a vendor's own id.
#include <string>
#include <string_view>
#include <vector>

namespace renkei {

// Every occurrence of each value in `text` replaced by "***", then 個人番号 masked. Values shorter
// than two bytes are skipped: one ASCII character reveals nothing, and masking every "1" or "M"
// would blank line numbers and words out of the sentence.
std::string maskSensitive(std::string_view text, const std::vector<std::string>& values);

}  // namespace renkei

#pragma once
// 符号 as the stand-in network issues them: one per (institution, person), derived from the
// 住民票コード with the network's own key (HMAC-SHA256), so an institution's 符号 reveals
// nothing of the person or of another institution's 符号, and nobody without the key can
// compute one from a 住民票コード, a 宛名番号 or a 個人番号.
#include <string>
#include <string_view>

namespace renkei::examples {

// 32 characters of [0-9A-Z].
std::string issueFugo(std::string_view network_key, std::string_view kikan_code,
                      std::string_view juminhyo_code);

}  // namespace renkei::examples

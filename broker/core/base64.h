#pragma once
// Standard base64 (RFC 4648, with padding, no line breaks) for binary fields in text files.
// Decoding: wssec::decodeBase64 (broker/wssec/base64_der.h).
#include <string>
#include <string_view>

namespace renkei {

std::string base64Encode(std::string_view bytes);

}  // namespace renkei

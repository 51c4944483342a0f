#pragma once
// base64url without padding (RFC 4648 §5, RFC 7515 §2): the encoding of JWS parts. Strict: the
// standard alphabet's '+' and '/', padding and whitespace are refused, and so are unused bits
// that are not zero, so one token has one spelling.
#include <optional>
#include <string>
#include <string_view>

namespace renkei::rest {

std::optional<std::string> decodeBase64Url(std::string_view text);
std::string encodeBase64Url(std::string_view bytes);

}  // namespace renkei::rest

#pragma once
// Decodes the base64 text of a wsse:BinarySecurityToken. Line breaks and other XML whitespace
// inside the text are allowed (senders wrap at 64 or 76 columns); anything else is not.
#include <optional>
#include <string>
#include <string_view>

namespace renkei::wssec {

std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace renkei::wssec

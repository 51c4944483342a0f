#pragma once
// Text a caller sent (a Content-Type, a URL path, a SOAPAction) quoted in a fault reason: at
// most 100 bytes, printable ASCII, anything else shown as '?', so a reason can neither carry
// control characters into logs nor grow with the caller's input.
#include <string>
#include <string_view>

namespace renkei {

inline std::string printableExcerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 100)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace renkei

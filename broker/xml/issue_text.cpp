#include "broker/xml/issue_text.h"

#include <string_view>

namespace renkei::xml {

std::string redactValues(std::string message) {
  std::string lowered = message;
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  constexpr std::string_view kMarker = "value '";
  std::size_t from = 0;
  while ((from = lowered.find(kMarker, from)) != std::string::npos) {
    std::size_t start = from + kMarker.size();
    std::size_t end = lowered.find('\'', start);
    if (end == std::string::npos) end = lowered.size();
    message.replace(start, end - start, "***");
    lowered.replace(start, end - start, "***");
    from = start + 3;
  }
  return message;
}

}  // namespace renkei::xml

#include "broker/core/sensitive_values.h"

#include "broker/core/my_number.h"

namespace renkei {

std::string maskSensitive(std::string_view text, const std::vector<std::string>& values) {
  std::string out(text);
  for (const std::string& value : values) {
    if (value.size() < 2) continue;
    for (std::size_t at = out.find(value); at != std::string::npos; at = out.find(value, at + 3)) {
      out.replace(at, value.size(), "***");
    }
  }
  return maskMyNumbers(out);
}

}  // namespace renkei

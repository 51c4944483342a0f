#pragma once
// Whether a page, a log or an answer contains a part: what most tests ask of a text.
#include <string>

namespace renkei::testing {

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace renkei::testing

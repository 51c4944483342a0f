#pragma once
// The hardening limits as the parsers' callbacks check them, one wording for DOM and SAX:
// why an element or a text run breaks ParserLimits, or an empty string when it does not.
#include <cstddef>
#include <string>

#include "broker/xml/parser_limits.h"

namespace renkei::xml {

inline std::string elementLimitBreach(const ParserLimits& limits, std::size_t depth,
                                      std::size_t attributes) {
  if (depth > static_cast<std::size_t>(limits.max_depth)) {
    return "element nesting exceeds the limit of " + std::to_string(limits.max_depth);
  }
  if (attributes > static_cast<std::size_t>(limits.max_attributes)) {
    return "an element has " + std::to_string(attributes) + " attributes; the limit is " +
           std::to_string(limits.max_attributes);
  }
  return {};
}

inline std::string textLimitBreach(const ParserLimits& limits, std::size_t text_run) {
  if (text_run <= limits.max_text_node) return {};
  return "a text node exceeds the limit of " + std::to_string(limits.max_text_node) + " characters";
}

}  // namespace renkei::xml

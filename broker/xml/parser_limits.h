#pragma once
// Hard limits applied while parsing untrusted XML. Exceeding one is a refusal, never a crash.
#include <cstddef>

namespace renkei::xml {

struct ParserLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // whole document, checked before parsing
  int max_depth = 64;                       // element nesting, checked at each start tag
  int max_attributes = 64;                  // attributes (incl. xmlns) on one element
  std::size_t max_text_node = 1024 * 1024;  // characters of one text run between tags
};

}  // namespace renkei::xml

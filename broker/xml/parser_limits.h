#pragma once
// Hard limits applied while parsing untrusted XML. Exceeding one is a refusal, never a crash.
#include <cstddef>

namespace renkei::xml {

struct ParserLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // whole document, checked before parsing
  int max_depth = 64;                       // element nesting, checked at each start tag
  int max_attributes = 64;                  // attributes (incl. xmlns) on one element
  std::size_t max_text_node = 1024 * 1024;  // characters of one text run between tags
  // Schema validation of the document. Off only to measure what validation costs
  // (<schemas validate="false">, bench/run.sh); the hardening limits above always apply.
  bool validate = true;
};

}  // namespace renkei::xml

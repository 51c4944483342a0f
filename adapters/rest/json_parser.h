#pragma once
// A strict JSON parser (RFC 8259) for untrusted input: request bodies of the REST bridge and the
// header and claims of JWTs. Strict where laxness would let two readers see different things:
// no duplicate member names, no comments or trailing commas, no lone surrogates or invalid
// UTF-8, no text after the value. Bounded: nesting depth and input size. Every malformation is
// an error with its line and column, never an exception or an assertion.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/rest/json_value.h"

namespace renkei::rest {

struct JsonLimits {
  std::size_t max_depth = 64;
  std::size_t max_bytes = 4 * 1024 * 1024;
};

struct JsonError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
  std::string message;
};

struct JsonParse {
  std::optional<JsonValue> value;  // set when the text is one valid JSON value
  JsonError error;                 // otherwise
};

JsonParse parseJson(std::string_view text, const JsonLimits& limits = {});

}  // namespace renkei::rest

#pragma once
// Reads one flat JSON object per line, as audit bundles hold them: string, number, true/false
// and null values, no nesting. Numbers are kept as their text so the reader of a field decides
// whether "7.5" is acceptable where an integer belongs (it is not). Untrusted input: every
// malformation is an error message, never an assertion.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace renkei {

struct FlatJsonValue {
  enum class Kind { kString, kNumber, kBool, kNull };
  Kind kind = Kind::kNull;
  std::string text;  // decoded string, or the number / true / false as written
};

using FlatJsonObject = std::map<std::string, FlatJsonValue>;

// nullopt with `error` set ("column 17: expected ':'") when the line is not one flat object.
std::optional<FlatJsonObject> parseFlatJsonObject(std::string_view line, std::string& error);

}  // namespace renkei

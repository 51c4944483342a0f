#pragma once
// A table cell or a "name: value" line for a value that may be empty: "-" instead of nothing,
// so columns stay aligned and an empty value is seen to be empty.
#include <string>

namespace renkei::cli {

inline std::string orDash(const std::string& value) { return value.empty() ? "-" : value; }

}  // namespace renkei::cli

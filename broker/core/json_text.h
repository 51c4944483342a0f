#pragma once
// JSON string literals for `--format json` and audit bundles: UTF-8 passes through, control
// characters, quotes and backslashes are escaped, so Japanese text stays readable in the output.
#include <string>
#include <string_view>

namespace renkei {

std::string jsonString(std::string_view text);

}  // namespace renkei

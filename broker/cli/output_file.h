#pragma once
// Writing a command's output to the file --output names: next to it and renamed into place, so
// a reader (a spreadsheet, a script polling the folder) never sees half a file.
#include <string>

namespace renkei::cli {

// True when written. On failure prints "<who>: cannot write <path>[: why]" and leaves no
// temporary file behind.
bool writeFileAtomically(const std::string& path, const std::string& text, const std::string& who);

}  // namespace renkei::cli

// Which malloc the broker runs on. The renkei binary is linked with jemalloc
// (broker/CMakeLists.txt) except in sanitizer builds, where AddressSanitizer brings its own.
#pragma once

#include <string>

namespace renkei::cli {

// "jemalloc 5.3.0-..." when jemalloc serves malloc in this process, else "glibc malloc".
std::string memoryAllocatorName();

}  // namespace renkei::cli

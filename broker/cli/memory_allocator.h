// Which malloc the broker runs on. The renkei binary is linked with jemalloc
// (broker/CMakeLists.txt) except in sanitizer builds, where AddressSanitizer brings its own.
#pragma once

#include <string>

namespace renkei::cli {

// "jemalloc 5.3.0-..." when jemalloc serves malloc in this process, else "the C library's malloc"
// (in a sanitizer build, the sanitizer's own stands in for it).
std::string memoryAllocatorName();

}  // namespace renkei::cli

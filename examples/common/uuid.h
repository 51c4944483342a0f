#pragma once
#include <string>

namespace renkei::examples {

// A random (version 4) UUID in lowercase 8-4-4-4-12 form.
std::string newUuid();

}  // namespace renkei::examples

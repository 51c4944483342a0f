#pragma once
// A namespace-qualified element name, as the configuration names elements (no Xerces types).
#include <string>

namespace renkei::xml {

struct ElementName {
  std::string ns;     // namespace URI
  std::string local;  // local name
};

}  // namespace renkei::xml

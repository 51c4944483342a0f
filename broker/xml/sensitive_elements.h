#pragma once
// The elements a deployment declares sensitive (<privacy><sensitive ns element>), found in one
// parsed message: their text becomes Exchange::sensitive_values, which every fault, audit field
// and log line about that exchange is masked with (broker/core/sensitive_values.h).
#include <string>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/xml/element_name.h"

namespace renkei::xml {

class SensitiveElements {
 public:
  explicit SensitiveElements(const std::vector<ElementName>& names);
  ~SensitiveElements();
  SensitiveElements(const SensitiveElements&) = delete;
  SensitiveElements& operator=(const SensitiveElements&) = delete;

  bool empty() const { return names_.empty(); }

  // The trimmed, non-empty text of every matching element under `root` (header and body alike),
  // each value once, longest first so that a value containing another is masked whole.
  std::vector<std::string> valuesUnder(const XERCES_CPP_NAMESPACE::DOMElement* root) const;

 private:
  struct Name {
    XMLCh* ns;
    XMLCh* local;
  };
  std::vector<Name> names_;  // transcoded once, at start
};

}  // namespace renkei::xml

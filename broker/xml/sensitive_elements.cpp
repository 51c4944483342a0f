#include "broker/xml/sensitive_elements.h"

#include <algorithm>

#include <xercesc/dom/DOMNodeList.hpp>
#include <xercesc/util/XMLString.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

SensitiveElements::SensitiveElements(const std::vector<ElementName>& names) {
  using XERCES_CPP_NAMESPACE::XMLString;
  for (const ElementName& n : names) {
    names_.push_back({XMLString::transcode(n.ns.c_str()), XMLString::transcode(n.local.c_str())});
  }
}

SensitiveElements::~SensitiveElements() {
  using XERCES_CPP_NAMESPACE::XMLString;
  for (Name& n : names_) {
    XMLString::release(&n.ns);
    XMLString::release(&n.local);
  }
}

std::vector<std::string> SensitiveElements::valuesUnder(
    const XERCES_CPP_NAMESPACE::DOMElement* root) const {
  std::vector<std::string> values;
  if (root == nullptr) return values;
  for (const Name& n : names_) {
    const XERCES_CPP_NAMESPACE::DOMNodeList* found = root->getElementsByTagNameNS(n.ns, n.local);
    for (XMLSize_t i = 0; i < found->getLength(); ++i) {
      std::string value = trimmed(toUtf8(found->item(i)->getTextContent()));
      if (!value.empty()) values.push_back(std::move(value));
    }
  }
  std::sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

}  // namespace renkei::xml

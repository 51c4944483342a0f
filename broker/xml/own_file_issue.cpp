#include "broker/xml/own_file_issue.h"

#include <set>
#include <string_view>
#include <vector>

#include <xercesc/dom/DOMAttr.hpp>
#include <xercesc/dom/DOMNamedNodeMap.hpp>

#include "broker/xml/dom_util.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

std::vector<std::string> pathSteps(const std::string& path) {
  std::vector<std::string> steps;
  std::size_t from = 1;
  while (from <= path.size()) {
    const std::size_t slash = path.find('/', from);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > from) steps.push_back(path.substr(from, end - from));
    from = end + 1;
  }
  return steps;
}

// Every element at `steps` (local names from the root down), e.g. each <unit> of
// /renkei/units/unit.
void elementsAt(const xc::DOMElement* element, const std::vector<std::string>& steps,
                std::size_t depth, std::vector<const xc::DOMElement*>& found) {
  if (localName(element) != steps[depth]) return;
  if (depth + 1 == steps.size()) {
    found.push_back(element);
    return;
  }
  for (const xc::DOMElement* child : childElements(element)) {
    elementsAt(child, steps, depth + 1, found);
  }
}

// The names of the attributes of `elements` whose value is `value`.
std::set<std::string> attributesHolding(const std::vector<const xc::DOMElement*>& elements,
                                        const std::string& value) {
  std::set<std::string> names;
  for (const xc::DOMElement* element : elements) {
    const xc::DOMNamedNodeMap* attributes = element->getAttributes();
    for (XMLSize_t i = 0; attributes != nullptr && i < attributes->getLength(); ++i) {
      const xc::DOMNode* attribute = attributes->item(i);
      if (toUtf8(attribute->getNodeValue()) != value) continue;
      names.insert(namespaceOf(attribute).empty() ? localName(attribute)
                                                  : qualifiedName(attribute));
    }
  }
  return names;
}

}  // namespace

std::string describeOwnFileIssue(const ValidationIssue& issue, const xc::DOMElement* root) {
  std::string where = issue.element_path;
  std::string message = issue.message;
  if (!issue.quoted_value.empty()) {
    const std::vector<std::string> steps = pathSteps(issue.element_path);
    std::vector<const xc::DOMElement*> elements;
    if (root != nullptr && !steps.empty()) elementsAt(root, steps, 0, elements);
    const std::set<std::string> names = attributesHolding(elements, issue.quoted_value);
    if (names.size() == 1) where += "/@" + *names.begin();
    constexpr std::string_view kMasked = "value '***'";
    if (const std::size_t at = message.find(kMasked); at != std::string::npos) {
      message.replace(at, kMasked.size(), "value '" + issue.quoted_value + "'");
    }
  }
  return where + ": " + message;
}

}  // namespace renkei::xml

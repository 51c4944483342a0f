#include "broker/mynumber/personal_number_dom.h"

#include <xercesc/dom/DOMAttr.hpp>
#include <xercesc/dom/DOMNamedNodeMap.hpp>
#include <xercesc/dom/DOMNode.hpp>

#include "broker/mynumber/personal_number.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::mynumber {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

void addHits(const std::string& text, const std::string& path, const std::string& attribute,
             std::vector<PersonalNumberHit>& hits) {
  for (const std::size_t at : findPersonalNumbersOutsideUuids(text)) {
    hits.push_back({text.substr(at, 12), path, attribute});
  }
}

// Iterative, not recursive: the parser's depth limit keeps trees shallow, but a stage must not
// depend on that for its own stack.
void scan(const xc::DOMElement* root, std::vector<PersonalNumberHit>& hits) {
  std::vector<const xc::DOMElement*> pending{root};
  while (!pending.empty()) {
    const xc::DOMElement* element = pending.back();
    pending.pop_back();
    const std::string path = xml::elementPath(element);
    if (const xc::DOMNamedNodeMap* attributes = element->getAttributes()) {
      for (XMLSize_t i = 0; i < attributes->getLength(); ++i) {
        const xc::DOMNode* a = attributes->item(i);
        addHits(xml::toUtf8(a->getNodeValue()), path, xml::toUtf8(a->getNodeName()), hits);
      }
    }
    std::string own_text;
    std::vector<const xc::DOMElement*> children;
    for (const xc::DOMNode* child = element->getFirstChild(); child != nullptr;
         child = child->getNextSibling()) {
      switch (child->getNodeType()) {
        case xc::DOMNode::TEXT_NODE:
        case xc::DOMNode::CDATA_SECTION_NODE:
          own_text += xml::toUtf8(child->getNodeValue());
          break;
        case xc::DOMNode::COMMENT_NODE:
        case xc::DOMNode::PROCESSING_INSTRUCTION_NODE:
          addHits(xml::toUtf8(child->getNodeValue()), path, "", hits);
          break;
        case xc::DOMNode::ELEMENT_NODE:
          children.push_back(static_cast<const xc::DOMElement*>(child));
          break;
        default:
          break;
      }
    }
    addHits(own_text, path, "", hits);
    // Reversed onto the stack, so children are visited first to last.
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
}

}  // namespace

std::vector<PersonalNumberHit> personalNumbersUnder(const xc::DOMElement* root) {
  std::vector<PersonalNumberHit> hits;
  if (root != nullptr) scan(root, hits);
  return hits;
}

}  // namespace renkei::mynumber

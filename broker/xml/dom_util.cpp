#include "broker/xml/dom_util.h"

#include <xercesc/dom/DOMNode.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

std::string localName(const xc::DOMNode* node) {
  if (node == nullptr) return {};
  const XMLCh* local = node->getLocalName();
  return toUtf8(local != nullptr ? local : node->getNodeName());
}

std::string namespaceOf(const xc::DOMNode* node) {
  return node == nullptr ? std::string() : toUtf8(node->getNamespaceURI());
}

std::string qualifiedName(const xc::DOMNode* node) {
  return "{" + namespaceOf(node) + "}" + localName(node);
}

bool isElement(const xc::DOMNode* node, std::string_view ns, std::string_view local) {
  return node != nullptr && node->getNodeType() == xc::DOMNode::ELEMENT_NODE &&
         equalsUtf8(node->getLocalName(), local) && equalsUtf8(node->getNamespaceURI(), ns);
}

std::vector<xc::DOMElement*> childElements(const xc::DOMElement* parent) {
  std::vector<xc::DOMElement*> children;
  if (parent == nullptr) return children;
  for (xc::DOMElement* child = parent->getFirstElementChild(); child != nullptr;
       child = child->getNextElementSibling()) {
    children.push_back(child);
  }
  return children;
}

xc::DOMElement* findChild(const xc::DOMElement* parent, std::string_view ns,
                          std::string_view local) {
  if (parent == nullptr) return nullptr;
  for (xc::DOMElement* child = parent->getFirstElementChild(); child != nullptr;
       child = child->getNextElementSibling()) {
    if (isElement(child, ns, local)) return child;
  }
  return nullptr;
}

std::optional<std::string> childText(const xc::DOMElement* parent, std::string_view ns,
                                     std::string_view local) {
  const xc::DOMElement* child = findChild(parent, ns, local);
  if (child == nullptr) return std::nullopt;
  return textOf(child);
}

std::string textOf(const xc::DOMNode* node) {
  if (node == nullptr) return std::string();
  // The usual case, a header field: one text child. Its value is the text content, read in
  // place; getTextContent() would first copy it into the document's heap.
  const xc::DOMNode* only = node->getFirstChild();
  if (only != nullptr && only->getNextSibling() == nullptr &&
      (only->getNodeType() == xc::DOMNode::TEXT_NODE ||
       only->getNodeType() == xc::DOMNode::CDATA_SECTION_NODE)) {
    return toUtf8(only->getNodeValue());
  }
  return toUtf8(node->getTextContent());
}

bool isBlank(const xc::DOMNode* text_node) {
  const XMLCh* text = text_node == nullptr ? nullptr : text_node->getNodeValue();
  if (text == nullptr) return true;
  for (const XMLCh* p = text; *p != 0; ++p) {
    if (*p != u' ' && *p != u'\t' && *p != u'\r' && *p != u'\n') return false;
  }
  return true;
}

std::string elementPath(const xc::DOMElement* element) {
  std::string path;
  for (const xc::DOMNode* node = element;
       node != nullptr && node->getNodeType() == xc::DOMNode::ELEMENT_NODE;
       node = node->getParentNode()) {
    path.insert(0, "/" + localName(node));
  }
  return path;
}

}  // namespace renkei::xml

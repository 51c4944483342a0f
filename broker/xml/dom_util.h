#pragma once
// Small read-only helpers over Xerces DOM elements, returning UTF-8.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

namespace renkei::xml {

std::string localName(const XERCES_CPP_NAMESPACE::DOMNode* node);
std::string namespaceOf(const XERCES_CPP_NAMESPACE::DOMNode* node);
// "{ns}local", the notation used in fault reasons.
std::string qualifiedName(const XERCES_CPP_NAMESPACE::DOMNode* node);
bool isElement(const XERCES_CPP_NAMESPACE::DOMNode* node, std::string_view ns,
               std::string_view local);
std::vector<XERCES_CPP_NAMESPACE::DOMElement*> childElements(
    const XERCES_CPP_NAMESPACE::DOMElement* parent);
// First child element with this namespace and local name, or nullptr.
XERCES_CPP_NAMESPACE::DOMElement* findChild(const XERCES_CPP_NAMESPACE::DOMElement* parent,
                                            std::string_view ns, std::string_view local);
// Text content of the first such child, nullopt when the child is absent.
std::optional<std::string> childText(const XERCES_CPP_NAMESPACE::DOMElement* parent,
                                     std::string_view ns, std::string_view local);
std::string textOf(const XERCES_CPP_NAMESPACE::DOMNode* node);
// True when a node's text is only XML whitespace.
bool isBlank(const XERCES_CPP_NAMESPACE::DOMNode* text_node);
// "/Envelope/Body/X" from the document root down to `element`, by local names.
std::string elementPath(const XERCES_CPP_NAMESPACE::DOMElement* element);

}  // namespace renkei::xml

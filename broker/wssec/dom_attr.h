#pragma once
// Attribute reads for the WS-Security code: UTF-8 values, nullopt when the attribute is absent.
#include <optional>
#include <string>
#include <string_view>

#include <xercesc/dom/DOMAttr.hpp>
#include <xercesc/dom/DOMElement.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::wssec {

inline const XMLCh* xmlch(const std::u16string& text) {
  return reinterpret_cast<const XMLCh*>(text.c_str());
}

// `ns` empty: an unqualified attribute (Algorithm, URI, ValueType ...).
inline XERCES_CPP_NAMESPACE::DOMAttr* attributeNode(const XERCES_CPP_NAMESPACE::DOMElement* e,
                                                    std::string_view ns, std::string_view local) {
  if (e == nullptr) return nullptr;
  const std::u16string l = xml::fromUtf8(local);
  if (ns.empty()) return e->getAttributeNodeNS(nullptr, xmlch(l));
  const std::u16string n = xml::fromUtf8(ns);
  return e->getAttributeNodeNS(xmlch(n), xmlch(l));
}

inline std::optional<std::string> attribute(const XERCES_CPP_NAMESPACE::DOMElement* e,
                                            std::string_view ns, std::string_view local) {
  const XERCES_CPP_NAMESPACE::DOMAttr* a = attributeNode(e, ns, local);
  if (a == nullptr) return std::nullopt;
  return xml::toUtf8(a->getValue());
}

}  // namespace renkei::wssec

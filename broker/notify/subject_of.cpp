#include "broker/notify/subject_of.h"

#include "broker/xml/dom_util.h"

namespace renkei {
namespace {

using XERCES_CPP_NAMESPACE::DOMElement;

// Document order, depth first; bodies are bounded by the parser's depth limit.
const DOMElement* findFirst(const DOMElement* element, const NotificationTopic& topic) {
  if (xml::isElement(element, topic.subject_ns, topic.subject_element)) return element;
  for (const DOMElement* child : xml::childElements(element)) {
    if (const DOMElement* found = findFirst(child, topic)) return found;
  }
  return nullptr;
}

}  // namespace

std::string subjectOf(const DOMElement* body_root, const NotificationTopic& topic) {
  if (body_root == nullptr || topic.subject_element.empty()) return "";
  const DOMElement* element = findFirst(body_root, topic);
  if (element == nullptr) return "";
  std::string text = xml::textOf(element);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace renkei

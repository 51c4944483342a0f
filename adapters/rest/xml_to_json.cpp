#include "adapters/rest/xml_to_json.h"

#include "broker/core/json_text.h"
#include "broker/xml/dom_util.h"

namespace renkei::rest {
namespace {

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// XML Schema allows numerals JSON does not ("+5", ".5", "5.", "INF"): the first three are
// rewritten, anything still not a JSON number is written as a string rather than as bad JSON.
std::string jsonNumber(const std::string& lexical) {
  std::string text = trimmed(lexical);
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  const bool negative = !text.empty() && text.front() == '-';
  const std::size_t digits_at = negative ? 1 : 0;
  if (text.size() > digits_at && text[digits_at] == '.') text.insert(digits_at, "0");
  const std::size_t dot = text.find('.');
  if (dot != std::string::npos &&
      (dot + 1 == text.size() || text[dot + 1] == 'e' || text[dot + 1] == 'E')) {
    text.erase(dot, 1);
  }
  // Leading zeros ("007") are valid in XML, not in JSON.
  while (text.size() > digits_at + 1 && text[digits_at] == '0' && text[digits_at + 1] >= '0' &&
         text[digits_at + 1] <= '9') {
    text.erase(digits_at, 1);
  }
  bool valid = text.size() > digits_at;
  for (std::size_t k = digits_at; valid && k < text.size(); ++k) {
    const char c = text[k];
    valid = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }
  return valid ? text : jsonString(lexical);
}

void write(const JsonShape& shape, const XERCES_CPP_NAMESPACE::DOMElement* element,
           std::string& out) {
  switch (shape.type) {
    case JsonShape::Type::kString:
      out += jsonString(xml::textOf(element));
      return;
    case JsonShape::Type::kBoolean: {
      const std::string text = trimmed(xml::textOf(element));
      out += (text == "true" || text == "1") ? "true" : "false";
      return;
    }
    case JsonShape::Type::kNumber:
    case JsonShape::Type::kInteger:
      out += jsonNumber(xml::textOf(element));
      return;
    case JsonShape::Type::kObject:
      break;
  }
  const std::vector<XERCES_CPP_NAMESPACE::DOMElement*> children = xml::childElements(element);
  out += '{';
  bool first = true;
  for (const JsonMember& member : shape.children) {
    std::vector<const XERCES_CPP_NAMESPACE::DOMElement*> found;
    for (const auto* child : children) {
      if (xml::localName(child) == member.shape->name &&
          xml::namespaceOf(child) == member.shape->ns) {
        found.push_back(child);
      }
    }
    if (found.empty()) continue;
    if (!first) out += ',';
    first = false;
    out += jsonString(member.shape->name);
    out += ':';
    if (!member.repeated) {
      write(*member.shape, found.front(), out);
      continue;
    }
    out += '[';
    for (std::size_t k = 0; k < found.size(); ++k) {
      if (k > 0) out += ',';
      write(*member.shape, found[k], out);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string jsonFromXml(const JsonShape& shape, const XERCES_CPP_NAMESPACE::DOMElement* element) {
  std::string out;
  write(shape, element, out);
  return out;
}

}  // namespace renkei::rest

#include "broker/config/config_attr.h"

#include "broker/xml/dom_util.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::config {

using XERCES_CPP_NAMESPACE::DOMElement;

std::string attr(const DOMElement* element, const char* name, const std::string& fallback) {
  const std::u16string key = xml::fromUtf8(name);
  const XMLCh* value = element->getAttribute(reinterpret_cast<const XMLCh*>(key.c_str()));
  if (!value || !*value) return fallback;
  return xml::toUtf8(value);
}

long attrNumber(const DOMElement* element, const char* name, long fallback) {
  const std::string text = attr(element, name);
  return text.empty() ? fallback : std::stol(text);  // the schema guaranteed an integer
}

std::string resolvePath(const std::filesystem::path& base_dir, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = base_dir / p;
  return p.lexically_normal().string();
}

int lineOf(const std::string& text, const std::string& name, const std::string& value) {
  for (const char quote : {'"', '\''}) {
    const std::string needle = name + "=" + quote + value + quote;
    const auto at = text.find(needle);
    if (at == std::string::npos) continue;
    int line = 1;
    for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
    return line;
  }
  return 0;
}

std::string fileLine(const std::string& file, const std::string& text, const std::string& name,
                     const std::string& value) {
  const int line = lineOf(text, name, value);
  return file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
}

}  // namespace renkei::config

#include "broker/xml/start_tag_lines.h"

namespace renkei::xml {
namespace {

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

}  // namespace

std::vector<int> startTagLines(std::string_view text, std::string_view local) {
  std::vector<int> lines;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      continue;
    }
    if (text[i] != '<') continue;
    const std::string_view rest = text.substr(i);
    std::string_view close;
    if (rest.substr(0, 4) == "<!--") close = "-->";
    if (rest.substr(0, 2) == "<?") close = "?>";
    if (rest.substr(0, 9) == "<![CDATA[") close = "]]>";
    if (!close.empty()) {
      const size_t end = text.find(close, i);
      if (end == std::string_view::npos) break;
      for (size_t j = i; j < end; ++j) line += text[j] == '\n';
      i = end + close.size() - 1;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && isNameChar(text[j])) ++j;
    std::string_view name = text.substr(i + 1, j - i - 1);
    if (const size_t colon = name.rfind(':'); colon != std::string_view::npos) {
      name.remove_prefix(colon + 1);
    }
    if (name == local) lines.push_back(line);
  }
  return lines;
}

}  // namespace renkei::xml

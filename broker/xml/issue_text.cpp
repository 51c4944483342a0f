#include "broker/xml/issue_text.h"

#include <string_view>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

std::string elementPathOf(const std::vector<std::string>& open_elements) {
  std::string path;
  for (const auto& name : open_elements) path.append("/").append(name);
  return path.empty() ? "/" : path;
}

FaultInfo faultAt(FaultCode code, std::string reason, std::string element_path,
                  const XERCES_CPP_NAMESPACE::Locator* where) {
  FaultInfo f;
  f.code = code;
  f.reason = std::move(reason);
  f.element_path = std::move(element_path);
  if (where != nullptr) {
    f.line = static_cast<int>(where->getLineNumber());
    f.column = static_cast<int>(where->getColumnNumber());
  }
  return f;
}

ValidationIssue issueOf(const XERCES_CPP_NAMESPACE::SAXParseException& e,
                        std::string element_path) {
  ValidationIssue issue;
  issue.line = static_cast<int>(e.getLineNumber());
  issue.column = static_cast<int>(e.getColumnNumber());
  issue.element_path = std::move(element_path);
  issue.message = redactValues(toUtf8(e.getMessage()));
  return issue;
}

FaultInfo notWellFormed(const XERCES_CPP_NAMESPACE::SAXParseException& e,
                        std::string element_path) {
  FaultInfo f;
  f.code = FaultCode::kInvalidXml;
  f.line = static_cast<int>(e.getLineNumber());
  f.column = static_cast<int>(e.getColumnNumber());
  f.reason = "not well-formed XML at line " + std::to_string(f.line) + ", column " +
             std::to_string(f.column) + ": " + toUtf8(e.getMessage());
  f.element_path = std::move(element_path);
  return f;
}

std::string redactValues(std::string message) {
  std::string lowered = message;
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  constexpr std::string_view kMarker = "value '";
  std::size_t from = 0;
  // The schema's own limits ("... exceeds maxLength facet value '32'") stay visible: a vendor
  // needs the limit it broke; only the message's values are masked.
  constexpr std::string_view kFacetPrefix = "facet ";
  while ((from = lowered.find(kMarker, from)) != std::string::npos) {
    std::size_t start = from + kMarker.size();
    if (from >= kFacetPrefix.size() &&
        lowered.compare(from - kFacetPrefix.size(), kFacetPrefix.size(), kFacetPrefix) == 0) {
      from = start;
      continue;
    }
    std::size_t end = lowered.find('\'', start);
    if (end == std::string::npos) end = lowered.size();
    message.replace(start, end - start, "***");
    lowered.replace(start, end - start, "***");
    from = start + 3;
  }
  return message;
}

}  // namespace renkei::xml

#include "broker/xml/issue_text.h"

#include <string_view>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

std::string elementPathOf(const OpenElements& open_elements) {
  std::string path;
  for (const XMLCh* name : open_elements) path.append("/").append(toUtf8(name));
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
  const std::string raw = toUtf8(e.getMessage());
  issue.quoted_value = firstQuotedValue(raw);
  issue.message = redactValues(raw);
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

namespace {

constexpr std::string_view kValueMarker = "value '";
constexpr std::string_view kFacetPrefix = "facet ";

std::string lowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Where the next quoted message value starts (after "value '", skipping "facet value '"), or npos.
std::size_t nextValueStart(const std::string& lowered, std::size_t from) {
  while ((from = lowered.find(kValueMarker, from)) != std::string::npos) {
    const std::size_t start = from + kValueMarker.size();
    if (from >= kFacetPrefix.size() &&
        lowered.compare(from - kFacetPrefix.size(), kFacetPrefix.size(), kFacetPrefix) == 0) {
      from = start;
      continue;
    }
    return start;
  }
  return std::string::npos;
}

}  // namespace

std::string firstQuotedValue(const std::string& message) {
  const std::size_t start = nextValueStart(lowerAscii(message), 0);
  if (start == std::string::npos) return "";
  const std::size_t end = message.find('\'', start);
  return message.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string redactValues(std::string message) {
  // The schema's own limits ("... exceeds maxLength facet value '32'") stay visible: a vendor
  // needs the limit it broke; only the message's values are masked.
  std::string lowered = lowerAscii(message);
  std::size_t start = 0;
  while ((start = nextValueStart(lowered, start)) != std::string::npos) {
    std::size_t end = lowered.find('\'', start);
    if (end == std::string::npos) end = lowered.size();
    message.replace(start, end - start, "***");
    lowered.replace(start, end - start, "***");
    start += 3;
  }
  return message;
}

}  // namespace renkei::xml

#include "broker/xml/parsed_document.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

ParsedDocument::ParsedDocument(xc::DOMDocument* document, std::vector<ValidationIssue> issues,
                               std::unordered_set<const xc::DOMElement*> undeclared)
    : document_(document), issues_(std::move(issues)), undeclared_(std::move(undeclared)) {}

ParsedDocument::~ParsedDocument() {
  if (document_ != nullptr) document_->release();
}

xc::DOMElement* ParsedDocument::root() const {
  return document_ == nullptr ? nullptr : document_->getDocumentElement();
}

std::vector<const ValidationIssue*> ParsedDocument::issuesUnder(std::string_view prefix) const {
  std::vector<const ValidationIssue*> found;
  for (const auto& issue : issues_) {
    if (pathIsUnder(issue.element_path, prefix)) found.push_back(&issue);
  }
  return found;
}

bool ParsedDocument::wasDeclared(const xc::DOMElement* element) const {
  return undeclared_.count(element) == 0;
}

bool pathIsUnder(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/' ||
         (!prefix.empty() && prefix.back() == '/');
}

FaultInfo schemaViolation(const ValidationIssue& issue) {
  FaultInfo f;
  f.code = FaultCode::kSchemaViolation;
  f.reason = "schema violation at line " + std::to_string(issue.line) + ", column " +
             std::to_string(issue.column) + " in " + issue.element_path + ": " + issue.message;
  f.element_path = issue.element_path;
  f.line = issue.line;
  f.column = issue.column;
  return f;
}

}  // namespace renkei::xml

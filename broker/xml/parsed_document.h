#pragma once
// The outcome of one hardened parse: a DOM the caller owns plus the schema validation issues met
// on the way (validation never stops a parse, so later stages can say which part was wrong).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xercesc/dom/DOMDocument.hpp>
#include <xercesc/dom/DOMElement.hpp>

#include "broker/core/fault_code.h"

namespace renkei::xml {

struct ValidationIssue {
  int line = 0;
  int column = 0;
  std::string element_path;  // local names: "/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi"
  std::string message;       // values masked (issue_text.h)
  // The value the parser quoted, unmasked. Only for files the operator wrote (configuration,
  // registry and rules files: own_file_issue.h), never for a message's faults, logs or records.
  std::string quoted_value;
};

class ParsedDocument {
 public:
  // Takes ownership of `document` (released in the destructor).
  ParsedDocument(XERCES_CPP_NAMESPACE::DOMDocument* document, std::vector<ValidationIssue> issues,
                 std::unordered_set<const XERCES_CPP_NAMESPACE::DOMElement*> undeclared);
  ~ParsedDocument();
  ParsedDocument(const ParsedDocument&) = delete;
  ParsedDocument& operator=(const ParsedDocument&) = delete;

  XERCES_CPP_NAMESPACE::DOMDocument* document() const { return document_; }
  XERCES_CPP_NAMESPACE::DOMElement* root() const;
  const std::vector<ValidationIssue>& issues() const { return issues_; }
  // Issues whose element path is `prefix` or lies below it.
  std::vector<const ValidationIssue*> issuesUnder(std::string_view prefix) const;
  // False when lax validation skipped the element because no loaded schema declares it.
  // Recorded for the top three levels (Envelope, Header/Body, header blocks and body root);
  // deeper elements report true.
  bool wasDeclared(const XERCES_CPP_NAMESPACE::DOMElement* element) const;

 private:
  XERCES_CPP_NAMESPACE::DOMDocument* document_;
  std::vector<ValidationIssue> issues_;
  std::unordered_set<const XERCES_CPP_NAMESPACE::DOMElement*> undeclared_;
};

// Either a document or the fault that refused the input.
struct ParseResult {
  std::unique_ptr<ParsedDocument> document;
  std::optional<FaultInfo> fault;
  bool ok() const { return document != nullptr; }
};

// The Client.SchemaViolation fault for an issue: line, column, element path and message.
FaultInfo schemaViolation(const ValidationIssue& issue);

// True when `path` equals `prefix` or continues it with '/'.
bool pathIsUnder(std::string_view path, std::string_view prefix);

}  // namespace renkei::xml

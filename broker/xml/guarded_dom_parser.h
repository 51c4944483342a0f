#pragma once
// XercesDOMParser with the platform's guards wired into its callbacks: refuses a DOCTYPE, stops at
// the depth, attribute and text limits as soon as they are crossed, and tracks the element path
// so each validation issue names the element being processed.
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/ErrorHandler.hpp>

#include "broker/core/fault_code.h"
#include "broker/xml/issue_text.h"
#include "broker/xml/parsed_document.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_fidelity.h"

namespace renkei::xml {

// Thrown from a callback to abandon the parse; the fault is in GuardedDomParser::fault().
struct ParseAborted {};

class GuardedDomParser : public XERCES_CPP_NAMESPACE::XercesDOMParser,
                         private XERCES_CPP_NAMESPACE::ErrorHandler {
 public:
  explicit GuardedDomParser(XERCES_CPP_NAMESPACE::XMLGrammarPool* pool);

  // Clears the per-document state; call before each parse.
  void begin(const ParserLimits& limits);
  const std::optional<FaultInfo>& fault() const { return fault_; }
  std::vector<ValidationIssue> takeIssues() {
    keepHeldIssue();
    return std::move(issues_);
  }
  std::unordered_set<const XERCES_CPP_NAMESPACE::DOMElement*> takeUndeclared() {
    return std::move(undeclared_);
  }

  void startElement(const XERCES_CPP_NAMESPACE::XMLElementDecl& decl, unsigned int url_id,
                    const XMLCh* prefix,
                    const XERCES_CPP_NAMESPACE::RefVectorOf<XERCES_CPP_NAMESPACE::XMLAttr>& attrs,
                    XMLSize_t attr_count, bool is_empty, bool is_root) override;
  void endElement(const XERCES_CPP_NAMESPACE::XMLElementDecl& decl, unsigned int url_id,
                  bool is_root, const XMLCh* prefix) override;
  void docCharacters(const XMLCh* chars, XMLSize_t length, bool cdata) override;
  void doctypeDecl(const XERCES_CPP_NAMESPACE::DTDElementDecl& decl, const XMLCh* public_id,
                   const XMLCh* system_id, bool has_internal_subset,
                   bool has_external_subset) override;

 private:
  // ErrorHandler: validation errors are collected, fatal errors end the parse.
  void warning(const XERCES_CPP_NAMESPACE::SAXParseException&) override {}
  void error(const XERCES_CPP_NAMESPACE::SAXParseException& e) override;
  void fatalError(const XERCES_CPP_NAMESPACE::SAXParseException& e) override;
  void resetErrors() override {}

  [[noreturn]] void abort(FaultCode code, std::string reason);
  std::string currentPath() const;
  void keepHeldIssue();
  // Xerces reports an attribute's issues while scanning the start tag, before startElement():
  // they belong to the element being opened, not to its parent.
  void attributeIssuesToTheOpenElement();

  ParserLimits limits_;
  OpenElements stack_;  // local names of the open elements
  std::size_t text_run_ = 0;
  std::vector<ValidationIssue> issues_;
  std::unordered_set<const XERCES_CPP_NAMESPACE::DOMElement*> undeclared_;
  std::optional<FaultInfo> fault_;
  SchemaFidelity fidelity_;
  std::size_t issues_before_tag_ = 0;  // issues_.size() after the previous scanner event
};

}  // namespace renkei::xml

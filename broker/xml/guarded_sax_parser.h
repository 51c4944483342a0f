#pragma once
// A validating SAX scan of a SOAP envelope that builds no DOM: the response check only needs the
// envelope's shape, its body root and the schema issues, and building a DOM of every answer cost
// about half of its parse (allocation and Xerces' node casts). Same guards as GuardedDomParser:
// DOCTYPE refused, depth, attribute and text limits enforced as soon as they are crossed. The
// shape rules are those of ParsedEnvelope (at most one Header before exactly one Body, one
// element in Body, no stray text in Envelope or Body, one PlatformHeader at most).
#include <optional>
#include <string>
#include <vector>

#include <xercesc/parsers/SAXParser.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/HandlerBase.hpp>

#include "broker/core/exchange.h"
#include "broker/core/fault_code.h"
#include "broker/xml/envelope_facts.h"
#include "broker/xml/issue_text.h"
#include "broker/xml/parsed_document.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_fidelity.h"

namespace renkei::xml {

// What the scan saw of the envelope.
struct EnvelopeShape {
  std::optional<SoapVersion> version;  // set once the root is a SOAP Envelope
  std::string body_root_ns;
  std::string body_root_local;
  bool body_root_declared = false;
  bool is_fault = false;
};

// What a request's routing stages read of its header, collected when begin() is asked to (the
// scan of an answer does not need it): soap:Header's blocks with their mustUnderstand and
// actor/role text, the platform header's fields, and the paths of platform header and body root.
struct EnvelopeHeaderSeen {
  std::vector<HeaderBlockFacts> blocks;
  bool unqualified_block = false;  // a header block with no namespace (SOAP forbids it)
  bool has_platform_header = false;
  std::vector<std::pair<std::string, std::string>> platform_fields;  // {local, text}
  std::string body_root_path;
};

class GuardedSaxParser : public XERCES_CPP_NAMESPACE::SAXParser,
                         private XERCES_CPP_NAMESPACE::ErrorHandler {
 public:
  explicit GuardedSaxParser(XERCES_CPP_NAMESPACE::XMLGrammarPool* pool);

  void begin(const ParserLimits& limits, bool see_header = false);
  // After parse(): the first fault (malformed XML, a guard, or the envelope's shape), the shape,
  // and the schema issues.
  const std::optional<FaultInfo>& fault() const { return fault_; }
  const EnvelopeShape& shape() const { return shape_; }
  const EnvelopeHeaderSeen& headerSeen() const { return header_seen_; }
  const std::vector<ValidationIssue>& issues() const { return issues_; }

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
  void warning(const XERCES_CPP_NAMESPACE::SAXParseException&) override {}
  void error(const XERCES_CPP_NAMESPACE::SAXParseException& e) override;
  void fatalError(const XERCES_CPP_NAMESPACE::SAXParseException& e) override;
  void resetErrors() override {}

  // Records the shape rules for an element opening at depth 1 (root), 2 or 3.
  void checkShape(const XMLCh* ns, const XMLCh* local, bool declared,
                  const XERCES_CPP_NAMESPACE::RefVectorOf<XERCES_CPP_NAMESPACE::XMLAttr>& attrs,
                  XMLSize_t attr_count);
  // With see_header: a child of soap:Header, and a child of the platform header.
  void seeHeaderBlock(const XMLCh* ns, const XMLCh* local,
                      const XERCES_CPP_NAMESPACE::RefVectorOf<XERCES_CPP_NAMESPACE::XMLAttr>& attrs,
                      XMLSize_t attr_count);
  void seePlatformField(const XMLCh* ns, const XMLCh* local);
  void finishShape();
  // A fault at the current element, or at `path` when given.
  [[noreturn]] void abort(FaultCode code, std::string reason,
                          std::optional<std::string> path = std::nullopt);
  std::string currentPath() const;
  // An issue Xerces raised (and SchemaFidelity admitted): a fault if it is about the envelope's
  // shape, an issue otherwise.
  void record(ValidationIssue issue);
  void keepHeldIssue();

  // SAXParser hands the scanner's events to its own overrides only while a DocumentHandler is
  // set; this one is never called (the overrides do not forward).
  XERCES_CPP_NAMESPACE::HandlerBase unused_handler_;
  ParserLimits limits_;
  OpenElements stack_;  // local names of the open elements
  std::size_t text_run_ = 0;
  std::vector<ValidationIssue> issues_;
  std::optional<FaultInfo> fault_;
  EnvelopeShape shape_;
  SchemaFidelity fidelity_;
  // Envelope children seen so far, and Body's / Header's element children.
  bool saw_header_ = false;
  bool saw_body_ = false;
  int body_elements_ = 0;
  int platform_headers_ = 0;
  bool in_header_ = false;
  bool see_header_ = false;
  EnvelopeHeaderSeen header_seen_;
  bool in_platform_header_ = false;  // inside the (first) platform header block
  bool in_field_ = false;            // inside one of its fields: its text is collected
  std::u16string field_text_;
};

}  // namespace renkei::xml

#pragma once
// A parsed document known to be a SOAP envelope of a sound shape: at most one Header before
// exactly one Body, and a Body with exactly one element (the service's root or a Fault).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/core/exchange.h"
#include "broker/core/fault_code.h"
#include "broker/xml/parsed_document.h"

namespace renkei::xml {

inline constexpr std::string_view kSoap11Ns = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12Ns = "http://www.w3.org/2003/05/soap-envelope";

class ParsedEnvelope;

struct EnvelopeResult {
  std::unique_ptr<ParsedEnvelope> envelope;
  std::optional<FaultInfo> fault;  // kInvalidSoap (or kInvalidHeader for a doubled header block)
  // The SOAP version of the root, when it is an Envelope at all (for answering in kind).
  std::optional<SoapVersion> version;
};

class ParsedEnvelope {
 public:
  static EnvelopeResult fromDocument(std::unique_ptr<ParsedDocument> document);

  SoapVersion soapVersion() const { return version_; }
  std::string_view envelopeNamespace() const;
  XERCES_CPP_NAMESPACE::DOMElement* envelopeElement() const { return envelope_; }
  XERCES_CPP_NAMESPACE::DOMElement* soapHeader() const { return soap_header_; }  // may be null
  XERCES_CPP_NAMESPACE::DOMElement* body() const { return body_; }
  // The platform header block {urn:renkei:platform:header:v1}PlatformHeader, or nullptr.
  XERCES_CPP_NAMESPACE::DOMElement* headerBlock() const { return header_block_; }
  // The single element child of Body.
  XERCES_CPP_NAMESPACE::DOMElement* bodyRoot() const { return body_root_; }
  bool isFault() const { return is_fault_; }

  const std::vector<ValidationIssue>& issues() const { return document_->issues(); }
  std::vector<const ValidationIssue*> issuesUnder(std::string_view path_prefix) const {
    return document_->issuesUnder(path_prefix);
  }
  bool wasDeclared(const XERCES_CPP_NAMESPACE::DOMElement* element) const {
    return document_->wasDeclared(element);
  }
  const ParsedDocument& document() const { return *document_; }

  // Text of the header block's child `local` (platform header namespace), nullopt if absent.
  std::optional<std::string> headerField(std::string_view local) const;
  // "/Envelope/Header/PlatformHeader", "/Envelope/Body/<root>".
  std::string headerBlockPath() const;
  std::string bodyRootPath() const;

 private:
  explicit ParsedEnvelope(std::unique_ptr<ParsedDocument> document)
      : document_(std::move(document)) {}

  std::unique_ptr<ParsedDocument> document_;
  SoapVersion version_ = SoapVersion::k11;
  XERCES_CPP_NAMESPACE::DOMElement* envelope_ = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* soap_header_ = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* body_ = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* header_block_ = nullptr;
  XERCES_CPP_NAMESPACE::DOMElement* body_root_ = nullptr;
  bool is_fault_ = false;
};

}  // namespace renkei::xml

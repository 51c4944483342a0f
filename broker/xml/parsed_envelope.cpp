#include "broker/xml/parsed_envelope.h"

#include <xercesc/dom/DOMNode.hpp>

#include "broker/core/platform_header.h"
#include "broker/xml/dom_util.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

EnvelopeResult invalid(FaultCode code, std::string reason, const xc::DOMElement* where,
                       std::optional<SoapVersion> version) {
  EnvelopeResult result;
  FaultInfo f;
  f.code = code;
  f.reason = std::move(reason);
  if (where != nullptr) f.element_path = elementPath(where);
  result.fault = std::move(f);
  result.version = version;
  return result;
}

// Non-blank text directly inside a SOAP structural element is not allowed.
bool hasStrayText(const xc::DOMElement* element) {
  for (const xc::DOMNode* n = element->getFirstChild(); n != nullptr; n = n->getNextSibling()) {
    auto type = n->getNodeType();
    if ((type == xc::DOMNode::TEXT_NODE || type == xc::DOMNode::CDATA_SECTION_NODE) &&
        !isBlank(n)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view ParsedEnvelope::envelopeNamespace() const {
  return version_ == SoapVersion::k12 ? kSoap12Ns : kSoap11Ns;
}

EnvelopeResult ParsedEnvelope::fromDocument(std::unique_ptr<ParsedDocument> document) {
  if (document == nullptr || document->root() == nullptr) {
    return invalid(FaultCode::kInvalidSoap, "the message has no root element", nullptr,
                   std::nullopt);
  }
  xc::DOMElement* root = document->root();
  std::optional<SoapVersion> version;
  if (isElement(root, kSoap11Ns, "Envelope")) version = SoapVersion::k11;
  if (isElement(root, kSoap12Ns, "Envelope")) version = SoapVersion::k12;
  if (!version && localName(root) == "Envelope") {
    // SOAP 1.1 §4.4.1, SOAP 1.2 Part 1 §5.4.7: an Envelope in another namespace is a version
    // mismatch, not a malformed message; the fault lists the versions this broker speaks.
    return invalid(FaultCode::kVersionMismatch,
                   "the Envelope is in namespace '" + namespaceOf(root) +
                       "'; this broker accepts SOAP 1.1 (" + std::string(kSoap11Ns) +
                       ") and SOAP 1.2 (" + std::string(kSoap12Ns) + ") envelopes",
                   root, std::nullopt);
  }
  if (!version) {
    return invalid(
        FaultCode::kInvalidSoap,
        "the root element is " + qualifiedName(root) + ", not a SOAP 1.1 or SOAP 1.2 Envelope",
        root, std::nullopt);
  }
  std::string_view ns = *version == SoapVersion::k12 ? kSoap12Ns : kSoap11Ns;
  if (hasStrayText(root)) {
    return invalid(FaultCode::kInvalidSoap, "soap:Envelope contains text", root, version);
  }

  xc::DOMElement* header = nullptr;
  xc::DOMElement* body = nullptr;
  for (xc::DOMElement* child : childElements(root)) {
    if (body != nullptr) {
      return invalid(FaultCode::kInvalidSoap,
                     "element " + qualifiedName(child) + " follows soap:Body", child, version);
    }
    if (isElement(child, ns, "Header")) {
      if (header != nullptr) {
        return invalid(FaultCode::kInvalidSoap, "soap:Envelope has more than one soap:Header",
                       child, version);
      }
      header = child;
    } else if (isElement(child, ns, "Body")) {
      body = child;
    } else {
      return invalid(FaultCode::kInvalidSoap,
                     "unexpected element " + qualifiedName(child) +
                         " in soap:Envelope (expected soap:Header or soap:Body of " +
                         std::string(ns) + ")",
                     child, version);
    }
  }
  if (body == nullptr) {
    return invalid(FaultCode::kInvalidSoap, "soap:Envelope has no soap:Body", root, version);
  }
  if (hasStrayText(body)) {
    return invalid(FaultCode::kInvalidSoap, "soap:Body contains text outside its element", body,
                   version);
  }
  auto body_children = childElements(body);
  if (body_children.size() != 1) {
    return invalid(FaultCode::kInvalidSoap,
                   "soap:Body carries " + std::to_string(body_children.size()) +
                       " elements; exactly one is required",
                   body, version);
  }

  // SOAP 1.1 §4.2.1, SOAP 1.2 Part 1 §5.2: every header block is namespace-qualified. Said
  // before the schema's own complaint, which only names an empty namespace.
  for (xc::DOMElement* block : childElements(header)) {
    if (!namespaceOf(block).empty()) continue;
    return invalid(FaultCode::kInvalidSoap,
                   "header block <" + localName(block) +
                       "> has no namespace: SOAP requires every header block to be "
                       "namespace-qualified (write it as <p:" +
                       localName(block) +
                       " xmlns:p=\"urn:...\">; with node-soap, pass the namespace URI to "
                       "addSoapHeader)",
                   block, version);
  }

  // With the SOAP schemas loaded, Xerces drops stray text in Envelope/Header/Body from the DOM
  // and reports it instead; such issues are about the envelope's shape, not the payload.
  for (const auto& issue : document->issues()) {
    const std::string& path = issue.element_path;
    if (path == "/Envelope" || path == "/Envelope/Header" || path == "/Envelope/Body") {
      EnvelopeResult result = invalid(
          FaultCode::kInvalidSoap,
          "the SOAP envelope is malformed at line " + std::to_string(issue.line) + ", column " +
              std::to_string(issue.column) + " in " + path + ": " + issue.message,
          nullptr, version);
      result.fault->element_path = path;
      result.fault->line = issue.line;
      result.fault->column = issue.column;
      return result;
    }
  }

  xc::DOMElement* header_block = nullptr;
  for (xc::DOMElement* block : childElements(header)) {
    if (!isElement(block, kPlatformHeaderNs, "PlatformHeader")) continue;
    if (header_block != nullptr) {
      return invalid(FaultCode::kInvalidHeader, "soap:Header carries more than one PlatformHeader",
                     block, version);
    }
    header_block = block;
  }

  std::unique_ptr<ParsedEnvelope> envelope(new ParsedEnvelope(std::move(document)));
  envelope->version_ = *version;
  envelope->envelope_ = root;
  envelope->soap_header_ = header;
  envelope->body_ = body;
  envelope->header_block_ = header_block;
  envelope->body_root_ = body_children.front();
  envelope->is_fault_ = isElement(body_children.front(), ns, "Fault");
  EnvelopeResult result;
  result.version = version;
  result.envelope = std::move(envelope);
  return result;
}

std::optional<std::string> ParsedEnvelope::headerField(std::string_view local) const {
  if (header_block_ == nullptr) return std::nullopt;
  return childText(header_block_, kPlatformHeaderNs, local);
}

std::string ParsedEnvelope::headerBlockPath() const {
  return header_block_ == nullptr ? std::string() : elementPath(header_block_);
}

std::string ParsedEnvelope::bodyRootPath() const { return elementPath(body_root_); }

}  // namespace renkei::xml

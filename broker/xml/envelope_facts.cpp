#include "broker/xml/envelope_facts.h"

#include "broker/core/platform_header.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/envelope_scanner.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

std::string attributeText(const xc::DOMElement* element, std::string_view ns,
                          const char16_t* local) {
  const std::u16string ns16 = fromUtf8(ns);
  const XMLCh* value = element->getAttributeNS(ns16.c_str(), local);
  return value == nullptr ? std::string() : toUtf8(value);
}

}  // namespace

EnvelopeFacts EnvelopeFacts::of(const ParsedEnvelope& envelope) {
  EnvelopeFacts facts;
  facts.version = envelope.soapVersion();
  const std::string_view soap_ns = envelope.envelopeNamespace();
  const char16_t* role_attribute = facts.version == SoapVersion::k12 ? u"role" : u"actor";
  for (const xc::DOMElement* block : childElements(envelope.soapHeader())) {
    facts.header_blocks.push_back({namespaceOf(block), localName(block),
                                   attributeText(block, soap_ns, u"mustUnderstand"),
                                   attributeText(block, soap_ns, role_attribute)});
  }
  if (const xc::DOMElement* platform = envelope.headerBlock()) {
    facts.has_platform_header = true;
    facts.platform_header_path = envelope.headerBlockPath();
    for (const xc::DOMElement* field : childElements(platform)) {
      if (namespaceOf(field) != kPlatformHeaderNs) continue;
      facts.platform_fields.emplace_back(localName(field), textOf(field));
    }
  }
  const xc::DOMElement* root = envelope.bodyRoot();
  facts.body_root_ns = namespaceOf(root);
  facts.body_root_local = localName(root);
  facts.body_root_path = envelope.bodyRootPath();
  facts.body_root_declared = envelope.wasDeclared(root);
  facts.is_fault = envelope.isFault();
  facts.issues = envelope.issues();
  return facts;
}

EnvelopeFacts EnvelopeFacts::ofScan(ScannedEnvelope&& scanned) {
  EnvelopeFacts facts;
  facts.version = scanned.shape.version.value_or(SoapVersion::k11);
  facts.header_blocks = std::move(scanned.header.blocks);
  facts.has_platform_header = scanned.header.has_platform_header;
  if (facts.has_platform_header) facts.platform_header_path = "/Envelope/Header/PlatformHeader";
  facts.platform_fields = std::move(scanned.header.platform_fields);
  facts.body_root_ns = std::move(scanned.shape.body_root_ns);
  facts.body_root_local = std::move(scanned.shape.body_root_local);
  facts.body_root_path = std::move(scanned.header.body_root_path);
  facts.body_root_declared = scanned.shape.body_root_declared;
  facts.is_fault = scanned.shape.is_fault;
  facts.issues = std::move(scanned.issues);
  return facts;
}

std::optional<std::string> EnvelopeFacts::headerField(std::string_view local) const {
  for (const auto& [name, text] : platform_fields) {
    if (name == local) return text;
  }
  return std::nullopt;
}

std::vector<const ValidationIssue*> EnvelopeFacts::issuesUnder(std::string_view prefix) const {
  std::vector<const ValidationIssue*> found;
  for (const auto& issue : issues) {
    if (pathIsUnder(issue.element_path, prefix)) found.push_back(&issue);
  }
  return found;
}

}  // namespace renkei::xml

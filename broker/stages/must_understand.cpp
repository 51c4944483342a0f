#include "broker/stages/must_understand.h"

#include <string_view>

#include "broker/core/platform_header.h"
#include "broker/wssec/wssec_names.h"
#include "broker/xml/dom_util.h"

namespace renkei {

using xml::childElements;
using xml::localName;
using xml::namespaceOf;

namespace {

namespace xc = XERCES_CPP_NAMESPACE;

constexpr char16_t kSoap11NsW[] = u"http://schemas.xmlsoap.org/soap/envelope/";
constexpr char16_t kSoap12NsW[] = u"http://www.w3.org/2003/05/soap-envelope";
constexpr std::u16string_view kSoap11ActorNext = u"http://schemas.xmlsoap.org/soap/actor/next";
constexpr std::u16string_view kSoap12RoleNext =
    u"http://www.w3.org/2003/05/soap-envelope/role/next";

std::u16string_view attribute(const xc::DOMElement* block, const char16_t* ns,
                              const char16_t* local) {
  const XMLCh* value = block->getAttributeNS(ns, local);
  return value == nullptr ? std::u16string_view() : std::u16string_view(value);
}

// xs:boolean's lexical space, with surrounding whitespace collapsed as the schema would.
bool isTrue(std::u16string_view value) {
  while (!value.empty() && (value.front() == u' ' || value.front() == u'\t' ||
                            value.front() == u'\n' || value.front() == u'\r')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == u' ' || value.back() == u'\t' ||
                            value.back() == u'\n' || value.back() == u'\r')) {
    value.remove_suffix(1);
  }
  return value == u"1" || value == u"true";
}

bool addressedToBroker(const xc::DOMElement* block, SoapVersion version) {
  if (version == SoapVersion::k11) {
    return isTrue(attribute(block, kSoap11NsW, u"mustUnderstand")) &&
           attribute(block, kSoap11NsW, u"actor") == kSoap11ActorNext;
  }
  return isTrue(attribute(block, kSoap12NsW, u"mustUnderstand")) &&
         attribute(block, kSoap12NsW, u"role") == kSoap12RoleNext;
}

bool processedByBroker(const std::string& ns) {
  return ns == kPlatformHeaderNs || ns == wssec::kWsseNs;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> headerBlocksNotUnderstood(
    const xml::ParsedEnvelope& envelope) {
  std::vector<std::pair<std::string, std::string>> blocks;
  if (envelope.soapHeader() == nullptr) return blocks;
  for (const xc::DOMElement* block : childElements(envelope.soapHeader())) {
    if (!addressedToBroker(block, envelope.soapVersion())) continue;
    std::string ns = namespaceOf(block);
    if (processedByBroker(ns)) continue;
    blocks.emplace_back(std::move(ns), localName(block));
  }
  return blocks;
}

}  // namespace renkei

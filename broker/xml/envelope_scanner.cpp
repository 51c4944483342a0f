#include "broker/xml/envelope_scanner.h"

#include <cstdint>
#include <unordered_map>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>

#include "broker/xml/guarded_dom_parser.h"  // ParseAborted
#include "broker/xml/hardened_settings.h"
#include "broker/xml/prolog_scan.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

EnvelopeScanner::EnvelopeScanner(const SchemaSet& schemas, const ParserLimits& limits)
    : pool_(schemas.pool()), limits_(limits) {
  ensureXercesInitialized();
  security_.setEntityExpansionLimit(16);
  parser_ = std::make_unique<GuardedSaxParser>(pool_.get());
  applyHardenedSettings(*parser_, &resolver_, &security_);
}

EnvelopeScanner::~EnvelopeScanner() = default;

EnvelopeScanner& EnvelopeScanner::forThisThread(const SchemaSet& schemas,
                                                const ParserLimits& limits) {
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<EnvelopeScanner>> scanners;
  auto& slot = scanners[schemas.id()];
  if (!slot) slot = std::make_unique<EnvelopeScanner>(schemas, limits);
  slot->limits_ = limits;
  return *slot;
}

ScannedEnvelope EnvelopeScanner::scan(std::string_view bytes, bool see_header) {
  ScannedEnvelope result;
  if (bytes.size() > limits_.max_bytes) {
    result.fault = faultOf(FaultCode::kMessageTooLarge,
                           "the message has " + std::to_string(bytes.size()) +
                               " bytes; the limit is " + std::to_string(limits_.max_bytes));
    return result;
  }
  if (auto prolog_fault = scanProlog(bytes)) {
    result.fault = std::move(prolog_fault);
    return result;
  }
  parser_->begin(limits_, see_header);
  parser_->setDoSchema(limits_.validate);
  parser_->setValidationScheme(limits_.validate ? xc::SAXParser::Val_Always
                                                : xc::SAXParser::Val_Never);
  resolver_.reset();
  xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(),
                               u"urn:renkei:message", false);
  source.setEncoding(u"UTF-8");  // the prolog scan admitted only UTF-8 and US-ASCII
  // The bytes outlive the parse: the stream reads them in place instead of copying the message.
  source.setCopyBufToStream(false);
  try {
    parser_->parse(source);
  } catch (const ParseAborted&) {
    // the guard recorded its fault
  } catch (const xc::OutOfMemoryException&) {
    result.fault = faultOf(FaultCode::kMessageTooLarge, "the message exhausted parser memory");
  } catch (const xc::XMLException& e) {
    result.fault = faultOf(FaultCode::kInvalidXml, "XML error: " + toUtf8(e.getMessage()));
  }
  if (!result.fault && parser_->fault()) result.fault = parser_->fault();
  if (!result.fault && resolver_.refusedSomething()) {
    result.fault = faultOf(FaultCode::kForbiddenXmlConstruct, "external entities are not allowed");
  }
  if (!result.fault && !parser_->shape().version) {
    result.fault = faultOf(FaultCode::kInvalidXml, "the document has no root element");
  }
  result.shape = parser_->shape();
  result.issues = parser_->issues();
  if (see_header) result.header = parser_->headerSeen();
  return result;
}

}  // namespace renkei::xml

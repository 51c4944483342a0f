#include "broker/xml/hardened_parser.h"

#include <unordered_map>

#include <xercesc/dom/DOMException.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>

#include "broker/xml/hardened_settings.h"
#include "broker/xml/prolog_scan.h"
#include "broker/xml/undeclared_prefix.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

FaultInfo fault(FaultCode code, std::string reason) {
  FaultInfo f;
  f.code = code;
  f.reason = std::move(reason);
  return f;
}

ParseResult refused(FaultCode code, std::string reason) {
  ParseResult result;
  result.fault = fault(code, std::move(reason));
  return result;
}

ParseResult refused(FaultInfo fault) {
  ParseResult result;
  result.fault = std::move(fault);
  return result;
}

}  // namespace

HardenedParser::HardenedParser(const SchemaSet& schemas, const ParserLimits& limits)
    : pool_(schemas.pool()), limits_(limits) {
  ensureXercesInitialized();
  // No DTD is ever read (a DOCTYPE is refused), so this only backs up that refusal.
  security_.setEntityExpansionLimit(16);
  parser_ = std::make_unique<GuardedDomParser>(pool_.get());
  applyHardenedSettings(*parser_, &resolver_, &security_);
  parser_->setCreateEntityReferenceNodes(false);
  parser_->setCreateCommentNodes(false);
  // Whitespace between elements stays in the DOM: validation calls it "ignorable", but it is
  // part of what a WS-Security signature covers, and the signature is verified on this DOM.
  parser_->setIncludeIgnorableWhitespace(true);
}

HardenedParser::~HardenedParser() = default;

HardenedParser& HardenedParser::forThisThread(const SchemaSet& schemas,
                                              const ParserLimits& limits) {
  // Keyed by the set's unique id, not its address, so a new set at a reused address never gets
  // a parser bound to freed grammars.
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<HardenedParser>> parsers;
  auto& slot = parsers[schemas.id()];
  if (!slot) slot = std::make_unique<HardenedParser>(schemas, limits);
  slot->setLimits(limits);
  return *slot;
}

ParseResult HardenedParser::parse(std::string_view bytes) {
  if (bytes.size() > limits_.max_bytes) {
    return refused(FaultCode::kMessageTooLarge, "the message has " + std::to_string(bytes.size()) +
                                                    " bytes; the limit is " +
                                                    std::to_string(limits_.max_bytes));
  }
  if (auto prolog_fault = scanProlog(bytes)) return refused(std::move(*prolog_fault));

  parser_->begin(limits_);
  parser_->setDoSchema(limits_.validate);
  parser_->setValidationScheme(limits_.validate ? xc::XercesDOMParser::Val_Always
                                                : xc::XercesDOMParser::Val_Never);
  resolver_.reset();
  xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(),
                               u"urn:renkei:message", false);
  source.setEncoding(u"UTF-8");  // the prolog scan admitted only UTF-8 and US-ASCII
  // The bytes outlive the parse: the stream reads them in place instead of copying the message.
  source.setCopyBufToStream(false);

  ParseResult result;
  try {
    parser_->parse(source);
  } catch (const ParseAborted&) {
    // the guard recorded its fault
  } catch (const xc::OutOfMemoryException&) {
    result.fault = fault(FaultCode::kMessageTooLarge, "the message exhausted parser memory");
  } catch (const xc::XMLException& e) {
    result.fault = fault(FaultCode::kInvalidXml, "XML error: " + toUtf8(e.getMessage()));
  } catch (const xc::DOMException& e) {
    result.fault = fault(FaultCode::kInvalidXml, "XML error: " + toUtf8(e.getMessage()));
  }
  if (!result.fault && parser_->fault()) {
    result.fault = parser_->fault();
    if (auto value_fault = undeclaredPrefixInValue(*result.fault, bytes)) {
      result.fault = std::move(value_fault);
    }
  }
  if (!result.fault && resolver_.refusedSomething()) {
    result.fault = fault(FaultCode::kForbiddenXmlConstruct, "external entities are not allowed");
  }
  xc::DOMDocument* document = nullptr;
  if (!result.fault) {
    document = parser_->adoptDocument();
    if (document == nullptr || document->getDocumentElement() == nullptr) {
      if (document != nullptr) document->release();
      document = nullptr;
      result.fault = fault(FaultCode::kInvalidXml, "the document has no root element");
    }
  }
  std::vector<ValidationIssue> issues = parser_->takeIssues();
  auto undeclared = parser_->takeUndeclared();
  // Releases the documents of aborted parses so memory does not grow with each message.
  parser_->resetDocumentPool();
  if (document != nullptr) {
    result.document =
        std::make_unique<ParsedDocument>(document, std::move(issues), std::move(undeclared));
  }
  return result;
}

}  // namespace renkei::xml

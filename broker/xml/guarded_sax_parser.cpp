#include "broker/xml/guarded_sax_parser.h"

#include "broker/xml/guarded_dom_parser.h"  // ParseAborted

#include <xercesc/framework/XMLAttr.hpp>
#include <xercesc/framework/XMLElementDecl.hpp>
#include <xercesc/internal/XMLScanner.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/PlatformUtils.hpp>

#include "broker/core/platform_header.h"
#include "broker/xml/issue_text.h"
#include "broker/xml/limit_checks.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

constexpr std::size_t kMaxIssues = 100;

// Structural elements: what ParsedEnvelope asks of them, asked here as they stream by.
bool isWhitespace(const XMLCh* chars, XMLSize_t length) {
  for (XMLSize_t i = 0; i < length; ++i) {
    const XMLCh c = chars[i];
    if (c != u' ' && c != u'\t' && c != u'\r' && c != u'\n') return false;
  }
  return true;
}

std::string qualified(const XMLCh* ns, const XMLCh* local) {
  return "{" + toUtf8(ns) + "}" + toUtf8(local);
}

}  // namespace

GuardedSaxParser::GuardedSaxParser(xc::XMLGrammarPool* pool)
    : xc::SAXParser(nullptr, xc::XMLPlatformUtils::fgMemoryManager, pool) {
  setErrorHandler(this);
  setDocumentHandler(&unused_handler_);
}

void GuardedSaxParser::begin(const ParserLimits& limits, bool see_header) {
  limits_ = limits;
  see_header_ = see_header;
  header_seen_ = EnvelopeHeaderSeen{};
  in_platform_header_ = in_field_ = false;
  field_text_.clear();
  stack_.clear();
  text_run_ = 0;
  issues_.clear();
  fault_.reset();
  shape_ = EnvelopeShape{};
  saw_header_ = saw_body_ = in_header_ = false;
  body_elements_ = platform_headers_ = 0;
  fidelity_.begin(limits.validate);
}

void GuardedSaxParser::keepHeldIssue() {
  if (auto held = fidelity_.takeHeldIssue()) record(std::move(*held));
}

void GuardedSaxParser::abort(FaultCode code, std::string reason, std::optional<std::string> path) {
  fault_ = faultAt(code, std::move(reason), path ? std::move(*path) : currentPath(),
                   getScanner().getLocator());
  throw ParseAborted{};
}

std::string GuardedSaxParser::currentPath() const { return elementPathOf(stack_); }

void GuardedSaxParser::checkShape(const XMLCh* ns, const XMLCh* local, bool declared,
                                  const xc::RefVectorOf<xc::XMLAttr>& attrs, XMLSize_t attr_count) {
  const std::size_t depth = stack_.size();
  if (depth == 1) {
    if (equalsUtf8(local, "Envelope") && equalsUtf8(ns, kSoap11Ns))
      shape_.version = SoapVersion::k11;
    if (equalsUtf8(local, "Envelope") && equalsUtf8(ns, kSoap12Ns))
      shape_.version = SoapVersion::k12;
    if (!shape_.version) {
      abort(FaultCode::kInvalidSoap, "the root element is " + qualified(ns, local) +
                                         ", not a SOAP 1.1 or SOAP 1.2 Envelope");
    }
    return;
  }
  const std::string_view soap_ns = *shape_.version == SoapVersion::k12 ? kSoap12Ns : kSoap11Ns;
  if (depth == 2) {
    if (saw_body_) {
      abort(FaultCode::kInvalidSoap, "element " + qualified(ns, local) + " follows soap:Body");
    }
    if (equalsUtf8(ns, soap_ns) && equalsUtf8(local, "Header")) {
      if (saw_header_)
        abort(FaultCode::kInvalidSoap, "soap:Envelope has more than one soap:Header");
      saw_header_ = in_header_ = true;
    } else if (equalsUtf8(ns, soap_ns) && equalsUtf8(local, "Body")) {
      saw_body_ = true;
    } else {
      abort(FaultCode::kInvalidSoap,
            "unexpected element " + qualified(ns, local) +
                " in soap:Envelope (expected soap:Header or soap:Body of " + std::string(soap_ns) +
                ")");
    }
    return;
  }
  if (depth != 3) return;
  if (in_header_) {
    const bool platform = equalsUtf8(ns, kPlatformHeaderNs) && equalsUtf8(local, "PlatformHeader");
    if (platform && ++platform_headers_ > 1) {
      abort(FaultCode::kInvalidHeader, "soap:Header carries more than one PlatformHeader");
    }
    if (see_header_) {
      seeHeaderBlock(ns, local, attrs, attr_count);
      in_platform_header_ = platform;
      header_seen_.has_platform_header = header_seen_.has_platform_header || platform;
    }
    return;
  }
  if (++body_elements_ == 1) {
    if (see_header_) header_seen_.body_root_path = currentPath();
    shape_.body_root_ns = toUtf8(ns);
    shape_.body_root_local = toUtf8(local);
    shape_.body_root_declared = declared;
    shape_.is_fault = equalsUtf8(ns, soap_ns) && equalsUtf8(local, "Fault");
  }
}

void GuardedSaxParser::seeHeaderBlock(const XMLCh* ns, const XMLCh* local,
                                      const xc::RefVectorOf<xc::XMLAttr>& attrs,
                                      XMLSize_t attr_count) {
  HeaderBlockFacts block{toUtf8(ns), toUtf8(local), {}, {}};
  if (block.ns.empty()) header_seen_.unqualified_block = true;
  const std::string_view soap_ns = *shape_.version == SoapVersion::k12 ? kSoap12Ns : kSoap11Ns;
  const char* role_name = *shape_.version == SoapVersion::k12 ? "role" : "actor";
  for (XMLSize_t i = 0; i < attr_count; ++i) {
    const xc::XMLAttr* attr = attrs.elementAt(i);
    if (!equalsUtf8(getURIText(attr->getURIId()), soap_ns)) continue;
    if (equalsUtf8(attr->getName(), "mustUnderstand"))
      block.must_understand = toUtf8(attr->getValue());
    if (equalsUtf8(attr->getName(), role_name)) block.role = toUtf8(attr->getValue());
  }
  header_seen_.blocks.push_back(std::move(block));
}

void GuardedSaxParser::seePlatformField(const XMLCh* ns, const XMLCh* local) {
  if (!equalsUtf8(ns, kPlatformHeaderNs)) return;
  header_seen_.platform_fields.emplace_back(toUtf8(local), std::string());
  in_field_ = true;
  field_text_.clear();
}

void GuardedSaxParser::finishShape() {
  if (!shape_.version) return;
  if (!saw_body_) abort(FaultCode::kInvalidSoap, "soap:Envelope has no soap:Body");
  if (body_elements_ != 1) {
    abort(FaultCode::kInvalidSoap,
          "soap:Body carries " + std::to_string(body_elements_) +
              " elements; exactly one is required",
          "/Envelope/Body");
  }
}

void GuardedSaxParser::startElement(const xc::XMLElementDecl& decl, unsigned int url_id,
                                    const XMLCh* prefix, const xc::RefVectorOf<xc::XMLAttr>& attrs,
                                    XMLSize_t attr_count, bool is_empty, bool is_root) {
  if (std::string why = elementLimitBreach(limits_, stack_.size() + 1, attr_count); !why.empty()) {
    abort(FaultCode::kForbiddenXmlConstruct, std::move(why));
  }
  text_run_ = 0;
  keepHeldIssue();
  stack_.push_back(decl.getBaseName());
  fidelity_.elementStarted(decl);
  if (stack_.size() <= 3) {
    checkShape(getURIText(url_id), decl.getBaseName(), decl.isDeclared(), attrs, attr_count);
  } else if (in_platform_header_ && stack_.size() == 4) {
    seePlatformField(getURIText(url_id), decl.getBaseName());
  }
  if (is_empty) endElement(decl, url_id, is_root, prefix);  // the scanner sends no end for <x/>
}

void GuardedSaxParser::endElement(const xc::XMLElementDecl&, unsigned int, bool is_root,
                                  const XMLCh*) {
  keepHeldIssue();
  const xc::Locator* where = getScanner().getLocator();
  std::vector<ValidationIssue> missed;
  fidelity_.elementEnding(stack_, static_cast<int>(where->getLineNumber()),
                          static_cast<int>(where->getColumnNumber()), missed);
  for (auto& issue : missed) record(std::move(issue));
  if (in_field_ && stack_.size() == 4) {
    header_seen_.platform_fields.back().second = toUtf8(field_text_.c_str());
    in_field_ = false;
  }
  if (stack_.size() == 3) in_platform_header_ = false;
  if (stack_.size() == 2) in_header_ = false;
  if (!stack_.empty()) stack_.pop_back();
  text_run_ = 0;
  if (is_root) finishShape();
}

void GuardedSaxParser::docCharacters(const XMLCh* chars, XMLSize_t length, bool cdata) {
  fidelity_.characters(chars, length, cdata);
  keepHeldIssue();
  text_run_ += length;
  if (in_field_) field_text_.append(chars, length);
  if (std::string why = textLimitBreach(limits_, text_run_); !why.empty()) {
    abort(FaultCode::kForbiddenXmlConstruct, std::move(why));
  }
  const std::size_t depth = stack_.size();
  if ((depth == 1 || (depth == 2 && saw_body_ && !in_header_)) && !isWhitespace(chars, length)) {
    abort(FaultCode::kInvalidSoap, depth == 1 ? "soap:Envelope contains text"
                                              : "soap:Body contains text outside its element");
  }
}

void GuardedSaxParser::doctypeDecl(const xc::DTDElementDecl&, const XMLCh*, const XMLCh*, bool,
                                   bool) {
  abort(FaultCode::kForbiddenXmlConstruct, "DOCTYPE is not allowed");
}

void GuardedSaxParser::error(const xc::SAXParseException& e) {
  ValidationIssue issue = issueOf(e, currentPath());
  if (fidelity_.admit(issue)) record(std::move(issue));
}

void GuardedSaxParser::record(ValidationIssue issue) {
  if (issues_.size() >= kMaxIssues) return;
  // With the SOAP schemas loaded, stray text in Envelope/Header/Body is reported as an issue at
  // that element: it is about the envelope's shape, not the payload.
  const std::string& path = issue.element_path;
  if (path == "/Envelope" || path == "/Envelope/Header" || path == "/Envelope/Body") {
    FaultInfo f;
    f.code = FaultCode::kInvalidSoap;
    f.reason = "the SOAP envelope is malformed at line " + std::to_string(issue.line) +
               ", column " + std::to_string(issue.column) + " in " + path + ": " + issue.message;
    f.element_path = path;
    f.line = issue.line;
    f.column = issue.column;
    if (!fault_) fault_ = std::move(f);
    return;
  }
  issues_.push_back(std::move(issue));
}

void GuardedSaxParser::fatalError(const xc::SAXParseException& e) {
  if (fault_) return;
  fault_ = notWellFormed(e, currentPath());
}

}  // namespace renkei::xml

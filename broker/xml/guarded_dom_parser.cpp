#include "broker/xml/guarded_dom_parser.h"

#include <xercesc/dom/DOMElement.hpp>
#include <xercesc/framework/XMLElementDecl.hpp>
#include <xercesc/framework/XMLValidator.hpp>
#include <xercesc/internal/XMLScanner.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/PlatformUtils.hpp>

#include "broker/xml/issue_text.h"
#include "broker/xml/limit_checks.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {
// Declared-ness is remembered for Envelope, Header/Body and their children only: that is what
// the stages ask about, and it keeps the set small for large bodies.
constexpr std::size_t kTrackedDepth = 3;
// Validation issues kept per document; one is enough to refuse, a few help the sender.
constexpr std::size_t kMaxIssues = 100;
}  // namespace

GuardedDomParser::GuardedDomParser(xc::XMLGrammarPool* pool)
    : xc::XercesDOMParser(nullptr, xc::XMLPlatformUtils::fgMemoryManager, pool) {
  setErrorHandler(this);
}

void GuardedDomParser::begin(const ParserLimits& limits) {
  limits_ = limits;
  stack_.clear();
  text_run_ = 0;
  issues_.clear();
  undeclared_.clear();
  fault_.reset();
  fidelity_.begin(limits.validate);
  issues_before_tag_ = 0;
}

void GuardedDomParser::keepHeldIssue() {
  if (auto held = fidelity_.takeHeldIssue(); held && issues_.size() < kMaxIssues) {
    issues_.push_back(std::move(*held));
  }
}

void GuardedDomParser::attributeIssuesToTheOpenElement() {
  // Spelled out only when the start tag raised an issue: most raise none.
  std::optional<std::string> path;
  for (std::size_t i = issues_before_tag_; i < issues_.size(); ++i) {
    const std::string& message = issues_[i].message;
    // Content values are checked at end tags, so a value issue raised in a start tag is an
    // attribute's.
    if (message.find("attribute") != std::string::npos || message.rfind("value '", 0) == 0) {
      if (!path) path = currentPath();
      issues_[i].element_path = *path;
    }
  }
}

void GuardedDomParser::abort(FaultCode code, std::string reason) {
  fault_ = faultAt(code, std::move(reason), currentPath(), getScanner()->getLocator());
  throw ParseAborted{};
}

std::string GuardedDomParser::currentPath() const { return elementPathOf(stack_); }

void GuardedDomParser::startElement(const xc::XMLElementDecl& decl, unsigned int url_id,
                                    const XMLCh* prefix, const xc::RefVectorOf<xc::XMLAttr>& attrs,
                                    XMLSize_t attr_count, bool is_empty, bool is_root) {
  if (std::string why = elementLimitBreach(limits_, stack_.size() + 1, attr_count); !why.empty()) {
    abort(FaultCode::kForbiddenXmlConstruct, std::move(why));
  }
  text_run_ = 0;
  keepHeldIssue();
  stack_.push_back(decl.getBaseName());
  attributeIssuesToTheOpenElement();
  fidelity_.elementStarted(decl);
  bool track = stack_.size() <= kTrackedDepth && !decl.isDeclared();
  // For an empty element the base class calls endElement() itself, which pops the stack; the
  // new node is still reachable as the current node's last child in that case.
  xc::DOMNode* parent_before = getCurrentNode();
  xc::XercesDOMParser::startElement(decl, url_id, prefix, attrs, attr_count, is_empty, is_root);
  if (track) {
    xc::DOMNode* node = is_empty ? parent_before->getLastChild() : getCurrentNode();
    if (node != nullptr && node->getNodeType() == xc::DOMNode::ELEMENT_NODE) {
      undeclared_.insert(static_cast<xc::DOMElement*>(node));
    }
  }
  issues_before_tag_ = issues_.size();
}

void GuardedDomParser::endElement(const xc::XMLElementDecl& decl, unsigned int url_id, bool is_root,
                                  const XMLCh* prefix) {
  keepHeldIssue();
  const xc::Locator* where = getScanner()->getLocator();
  fidelity_.elementEnding(stack_, static_cast<int>(where->getLineNumber()),
                          static_cast<int>(where->getColumnNumber()), issues_);
  xc::XercesDOMParser::endElement(decl, url_id, is_root, prefix);
  if (!stack_.empty()) stack_.pop_back();
  text_run_ = 0;
  issues_before_tag_ = issues_.size();
}

void GuardedDomParser::docCharacters(const XMLCh* chars, XMLSize_t length, bool cdata) {
  text_run_ += length;
  if (std::string why = textLimitBreach(limits_, text_run_); !why.empty()) {
    abort(FaultCode::kForbiddenXmlConstruct, std::move(why));
  }
  fidelity_.characters(chars, length, cdata);
  keepHeldIssue();
  xc::XercesDOMParser::docCharacters(chars, length, cdata);
  issues_before_tag_ = issues_.size();
}

void GuardedDomParser::doctypeDecl(const xc::DTDElementDecl&, const XMLCh*, const XMLCh*, bool,
                                   bool) {
  abort(FaultCode::kForbiddenXmlConstruct, "DOCTYPE is not allowed");
}

void GuardedDomParser::error(const xc::SAXParseException& e) {
  if (issues_.size() >= kMaxIssues) return;
  ValidationIssue issue = issueOf(e, currentPath());
  if (!fidelity_.admit(issue)) return;
  issues_.push_back(std::move(issue));
}

void GuardedDomParser::fatalError(const xc::SAXParseException& e) {
  if (fault_) return;
  fault_ = notWellFormed(e, currentPath());
}

}  // namespace renkei::xml

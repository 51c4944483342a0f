#include "broker/xml/schema_fidelity.h"

#include <string_view>

#include <xercesc/validators/datatype/AbstractStringValidator.hpp>
#include <xercesc/validators/datatype/DatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaSymbols.hpp>

#include "broker/xml/issue_text.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

constexpr std::string_view kNoCharData = "no character data is allowed by content model";
// A text buffer kept for the next document is never larger than this (characters): one huge
// element must not leave its size behind in every parser that saw it.
constexpr std::size_t kKeptTextCapacity = 4096;

bool isXmlSpace(char16_t c) { return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r'; }

bool allSpace(const XMLCh* chars, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    if (!isXmlSpace(chars[i])) return false;
  }
  return true;
}

bool hasSurrogate(const XMLCh* chars, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    if (chars[i] >= 0xD800 && chars[i] <= 0xDFFF) return true;
  }
  return false;
}

// whiteSpace="collapse": runs of spaces become one, leading and trailing ones go.
std::u16string collapsed(std::u16string_view text) {
  std::u16string out;
  bool pending_space = false;
  for (char16_t c : text) {
    if (isXmlSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(u' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Characters, counting a surrogate pair once.
std::size_t characterCount(std::u16string_view text) {
  std::size_t count = 0;
  for (char16_t c : text) {
    if (c < 0xDC00 || c > 0xDFFF) ++count;  // a low surrogate completes its pair
  }
  return count;
}

bool isLengthFacetMessage(std::string_view message) {
  return message.find("maxLength facet") != std::string_view::npos ||
         message.find("minLength facet") != std::string_view::npos ||
         message.find(" length facet") != std::string_view::npos;
}

// The two departures of Xerces from xs:dateTime's lexical space that it accepts: a fraction
// with no digits ("10:15:42.Z") and a 60th second. The rest Xerces already checks.
bool xercesMissesDateTimeDefect(std::u16string_view text) {
  const std::size_t t = text.find(u'T');
  if (t == std::u16string_view::npos || text.size() < t + 9) return false;
  std::u16string_view time = text.substr(t + 1);  // hh:mm:ss...
  if (time[6] == u'6' && time[7] == u'0') return true;
  if (time.size() > 8 && time[8] == u'.') {
    return time.size() == 9 || time[9] < u'0' || time[9] > u'9';
  }
  return false;
}

ValidationIssue issueAt(const std::string& path, int line, int column, std::string message) {
  ValidationIssue issue;
  issue.element_path = path;
  issue.line = line;
  issue.column = column;
  issue.message = std::move(message);
  return issue;
}

const xc::DatatypeValidator* simpleContentOf(const xc::XMLElementDecl& decl) {
  if (decl.getObjectType() != xc::XMLElementDecl::Schema) return nullptr;
  const auto& schema_decl = static_cast<const xc::SchemaElementDecl&>(decl);
  if (const xc::DatatypeValidator* dv = schema_decl.getDatatypeValidator()) return dv;
  const xc::ComplexTypeInfo* complex = schema_decl.getComplexTypeInfo();
  return complex == nullptr ? nullptr : complex->getDatatypeValidator();
}

// Whether `facet` is set on the type or any type it derives from.
bool declares(const xc::DatatypeValidator* dv, const XMLCh* facet) {
  for (; dv != nullptr; dv = dv->getBaseValidator()) {
    const xc::RefHashTableOf<xc::KVStringPair>* facets = dv->getFacets();
    if (facets != nullptr && facets->containsKey(facet)) return true;
  }
  return false;
}

}  // namespace

void SchemaFidelity::begin(bool validating) {
  validating_ = validating;
  depth_ = 0;
  for (OpenElement& open : open_) {
    if (open.text.capacity() > kKeptTextCapacity) std::u16string().swap(open.text);
  }
  held_.reset();
}

const SchemaFidelity::TypeFacts* SchemaFidelity::factsFor(const xc::XMLElementDecl& decl) {
  auto [it, inserted] = facts_.try_emplace(&decl);
  TypeFacts& facts = it->second;
  if (!inserted) return &facts;
  const xc::DatatypeValidator* dv = simpleContentOf(decl);
  if (dv == nullptr) return &facts;
  facts.is_date_time = dv->getType() == xc::DatatypeValidator::DateTime;
  facts.collapse = dv->getWSFacet() == xc::DatatypeValidator::COLLAPSE;
  // Strings, names and URIs count characters; binary types count octets (ASCII text, so no
  // correction is needed there).
  switch (dv->getType()) {
    case xc::DatatypeValidator::String:
    case xc::DatatypeValidator::AnyURI:
    case xc::DatatypeValidator::Name:
    case xc::DatatypeValidator::NCName:
    case xc::DatatypeValidator::ID:
    case xc::DatatypeValidator::IDREF:
    case xc::DatatypeValidator::ENTITY:
      break;
    default:
      return &facts;
  }
  const auto* sv = dynamic_cast<const xc::AbstractStringValidator*>(dv);
  if (sv == nullptr) return &facts;
  // The getters return the value in force (inherited from base types); whether a facet is in
  // force at all is read from the derivation chain.
  if (declares(dv, xc::SchemaSymbols::fgELT_LENGTH)) facts.length = sv->getLength();
  if (declares(dv, xc::SchemaSymbols::fgELT_MINLENGTH)) facts.min_length = sv->getMinLength();
  if (declares(dv, xc::SchemaSymbols::fgELT_MAXLENGTH)) facts.max_length = sv->getMaxLength();
  return &facts;
}

void SchemaFidelity::elementStarted(const xc::XMLElementDecl& decl) {
  if (depth_ == open_.size()) open_.emplace_back();
  OpenElement& open = open_[depth_++];
  open.facts = nullptr;
  open.text.clear();  // keeps its capacity
  open.beyond_bmp = false;
  open.xerces_refused = false;
  if (validating_) {
    const TypeFacts* facts = factsFor(decl);
    if (facts->is_date_time || facts->counts_characters()) open.facts = facts;
  }
}

void SchemaFidelity::characters(const XMLCh* chars, std::size_t length, bool cdata) {
  if (held_ && cdata && allSpace(chars, length)) held_.reset();
  if (depth_ == 0 || open_[depth_ - 1].facts == nullptr) return;
  OpenElement& open = open_[depth_ - 1];
  open.text.append(chars, length);
  if (!open.beyond_bmp) open.beyond_bmp = hasSurrogate(chars, length);
}

bool SchemaFidelity::admit(const ValidationIssue& issue) {
  if (!validating_) return true;
  if (issue.message == kNoCharData) {
    // Xerces reports character data in element-only content before handing over the data;
    // whether it was whitespace in a CDATA section is known only then.
    held_ = issue;
    return false;
  }
  if (depth_ > 0) {
    OpenElement& open = open_[depth_ - 1];
    if (open.facts != nullptr && open.facts->counts_characters() && open.beyond_bmp &&
        isLengthFacetMessage(issue.message)) {
      return false;  // counted again, in characters, when the element ends
    }
    open.xerces_refused = true;
  }
  return true;
}

std::optional<ValidationIssue> SchemaFidelity::takeHeldIssue() {
  std::optional<ValidationIssue> held = std::move(held_);
  held_.reset();
  return held;
}

void SchemaFidelity::checkLengths(const OpenElement& open, const std::string& path, int line,
                                  int column, std::vector<ValidationIssue>& issues) const {
  const TypeFacts& facts = *open.facts;
  const std::size_t count =
      characterCount(facts.collapse ? std::u16string_view(collapsed(open.text)) : open.text);
  const std::string has = "value '***' has length '" + std::to_string(count) + "' (characters)";
  if (facts.length && count != *facts.length) {
    issues.push_back(issueAt(
        path, line, column,
        has + " which is not equal to length facet value '" + std::to_string(*facts.length) + "'"));
  } else if (facts.min_length && count < *facts.min_length) {
    issues.push_back(issueAt(path, line, column,
                             has + " which is less than minLength facet value '" +
                                 std::to_string(*facts.min_length) + "'"));
  } else if (facts.max_length && count > *facts.max_length) {
    issues.push_back(issueAt(
        path, line, column,
        has + " which exceeds maxLength facet value '" + std::to_string(*facts.max_length) + "'"));
  }
}

void SchemaFidelity::elementEnding(const OpenElements& open_elements, int line, int column,
                                   std::vector<ValidationIssue>& issues) {
  if (depth_ == 0) return;
  const OpenElement& open = open_[--depth_];
  if (open.facts == nullptr) return;
  if (open.facts->counts_characters() && open.beyond_bmp) {
    checkLengths(open, elementPathOf(open_elements), line, column, issues);
  }
  if (open.facts->is_date_time && !open.xerces_refused &&
      xercesMissesDateTimeDefect(collapsed(open.text))) {
    issues.push_back(issueAt(elementPathOf(open_elements), line, column,
                             "value '***' is not a valid xs:dateTime: a fraction of a second "
                             "needs at least one digit, and seconds run from 00 to 59"));
  }
}

}  // namespace renkei::xml

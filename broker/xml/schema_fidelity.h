#pragma once
// Where Xerces-C's schema validation departs from XML Schema 1.0, corrected on the parser's own
// events (so a document is still parsed once):
// - length, minLength and maxLength count characters, not UTF-16 units: Xerces counts a
//   character beyond the BMP (𠮷, 𠮟 — what 氏名 carries) twice, refusing a 32-character name
//   in a 32-character field and accepting too short a value;
// - whitespace in a CDATA section where only elements may appear is whitespace like any other
//   (the infoset has no CDATA sections), not character data;
// - xs:dateTime's lexical space has no fraction without digits ("10:15:42.Z") and no second 60;
//   Xerces accepts both.
// Values inside attributes are left to Xerces (the platform schemas put no length or dateTime
// facets on attributes).
//
// One instance per parser; not thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xercesc/framework/XMLElementDecl.hpp>

#include "broker/xml/issue_text.h"
#include "broker/xml/parsed_document.h"

namespace renkei::xml {

class SchemaFidelity {
 public:
  // Before each parse; `validating` false turns every correction off.
  void begin(bool validating);

  // Scanner events, in document order: after the element is opened, for each run of character
  // data, and before the element is closed.
  void elementStarted(const XERCES_CPP_NAMESPACE::XMLElementDecl& decl);
  void characters(const XMLCh* chars, std::size_t length, bool cdata);
  // Appends the issues Xerces missed for the closing element (the local names of the open
  // elements, the closing one last, and the position of its end tag). The element's path is
  // spelled out only for an issue: most elements end without one.
  void elementEnding(const OpenElements& open_elements, int line, int column,
                     std::vector<ValidationIssue>& issues);

  // Called for each Xerces issue, with the element path it was raised in. False: Xerces was
  // wrong, drop it. An issue about character data is held until the data itself is seen
  // (Xerces reports first); takeHeldIssue() hands it back when it stands.
  bool admit(const ValidationIssue& issue);
  std::optional<ValidationIssue> takeHeldIssue();

 private:
  struct TypeFacts {
    bool is_date_time = false;
    bool collapse = false;  // whiteSpace collapse before counting
    std::optional<std::size_t> length, min_length, max_length;
    bool counts_characters() const { return length || min_length || max_length; }
  };
  struct OpenElement {
    const TypeFacts* facts = nullptr;
    std::u16string text;  // collected only when facts say it is needed
    bool beyond_bmp = false;
    bool xerces_refused = false;  // Xerces reported an issue of its own while it was open
  };

  const TypeFacts* factsFor(const XERCES_CPP_NAMESPACE::XMLElementDecl& decl);
  void checkLengths(const OpenElement& open, const std::string& path, int line, int column,
                    std::vector<ValidationIssue>& issues) const;

  bool validating_ = false;
  // The open elements are open_[0, depth_): entries past depth_ are kept, with their text
  // buffers, for the next elements at that depth, so an element costs no allocation.
  std::vector<OpenElement> open_;
  std::size_t depth_ = 0;
  std::optional<ValidationIssue> held_;  // "no character data is allowed", awaiting its data
  // Declarations live as long as the grammar pool the parser is bound to.
  std::unordered_map<const XERCES_CPP_NAMESPACE::XMLElementDecl*, TypeFacts> facts_;
};

}  // namespace renkei::xml

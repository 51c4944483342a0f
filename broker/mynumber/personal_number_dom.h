#pragma once
// Where in a parsed message a 個人番号 stands, as the XML infoset has it: character references
// (&#49;…) already resolved, CDATA and text pieces of one element joined, so a number cannot be
// hidden by splitting or escaping it. The raw bytes are scanned besides (PersonalNumberGuardStage)
// for what the DOM does not show as text: names, comments, namespace URIs.
#include <string>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

namespace renkei::mynumber {

struct PersonalNumberHit {
  std::string digits;        // the 12 digits; never to be written anywhere unmasked
  std::string element_path;  // "/Envelope/Body/Request/AtenaNo"
  std::string attribute;     // the attribute's name when the number is in one, else ""
};

// In document order: each element's own text (its text and CDATA children joined, comments
// skipped as the parser would), each attribute value and each comment under `root`.
std::vector<PersonalNumberHit> personalNumbersUnder(const XERCES_CPP_NAMESPACE::DOMElement* root);

}  // namespace renkei::mynumber

#pragma once
// Validation messages as the platform may show them: Xerces quotes the offending text
// ("value '1980-13-45' ..."), which may be personal data (names, birth dates). Issues end up in
// fault reasons and audit records, so the quoted value after "value" is replaced; element names
// and facets stay, they are schema information.
#include <string>
#include <vector>

#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>

#include "broker/core/fault_code.h"
#include "broker/xml/parsed_document.h"

namespace renkei::xml {

std::string redactValues(std::string message);
// The first value the message quotes ("value 'abc' ..."), not a facet's; "" when none.
std::string firstQuotedValue(const std::string& message);

// A schema validation error as an issue at `element_path`, its message redacted.
ValidationIssue issueOf(const XERCES_CPP_NAMESPACE::SAXParseException& e, std::string element_path);
// The local names of the open elements, outermost first, as the scanner's element declarations
// hold them: valid for the whole scan of a document, and spelled out only when a path is needed.
using OpenElements = std::vector<const XMLCh*>;
// "/Envelope/Body/X" from the open elements ("/" at the document level).
std::string elementPathOf(const OpenElements& open_elements);
// A refusal decided by a guard, at the parser's current position (`where` may be null).
FaultInfo faultAt(FaultCode code, std::string reason, std::string element_path,
                  const XERCES_CPP_NAMESPACE::Locator* where);
// A well-formedness error as a Client.InvalidXml fault at `element_path`.
FaultInfo notWellFormed(const XERCES_CPP_NAMESPACE::SAXParseException& e, std::string element_path);

}  // namespace renkei::xml

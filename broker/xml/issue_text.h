#pragma once
// Validation messages as the platform may show them: Xerces quotes the offending text
// ("value '1980-13-45' ..."), which may be personal data (names, birth dates). Issues end up in
// fault reasons and audit records, so the quoted value after "value" is replaced; element names
// and facets stay, they are schema information.
#include <string>

namespace renkei::xml {

std::string redactValues(std::string message);

}  // namespace renkei::xml

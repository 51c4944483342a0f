#pragma once
// A cheap look at the bytes before the root element, done before Xerces sees them: refuses
// non-UTF-8 encodings and a DOCTYPE without starting the parser. The parser's own DOCTYPE hook is
// the second line of defence for anything this scan does not recognise.
#include <optional>
#include <string_view>

#include "broker/core/fault_code.h"

namespace renkei::xml {

std::optional<FaultInfo> scanProlog(std::string_view bytes);

}  // namespace renkei::xml

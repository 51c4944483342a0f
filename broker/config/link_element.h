#pragma once
// A <link> element of the configuration schema as a Link, shared by the configuration loader
// and the standalone <links> document so both read the same attributes the same way.
#include <xercesc/dom/DOMElement.hpp>

#include "broker/core/registry_types.h"

namespace renkei {

// Reads the attributes only; status defaults to proposed when absent. Rules are checked by
// checkLinkRules (broker/registry/link_rules.h).
Link linkFromElement(const XERCES_CPP_NAMESPACE::DOMElement* element);

}  // namespace renkei

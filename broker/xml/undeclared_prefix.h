#pragma once
// Xerces reports an undeclared prefix as a fatal (well-formedness) error wherever it appears. In
// an element or attribute name that is right: the document breaks the Namespaces rec. In a
// QName-valued attribute such as xsi:type="zz:Foo" the XML is well-formed and the value is what
// is invalid: a schema violation. This tells the two apart from the message and the bytes.
#include <optional>
#include <string>
#include <string_view>

#include "broker/core/fault_code.h"

namespace renkei::xml {

// For a kInvalidXml fault about an undeclared prefix that names no element or attribute in
// `bytes`: the kSchemaViolation fault it really is. nullopt otherwise.
std::optional<FaultInfo> undeclaredPrefixInValue(const FaultInfo& fault, std::string_view bytes);

}  // namespace renkei::xml

#pragma once
// Small helpers to fill gSOAP-generated structures from the std::string_view data set.
#include <string>
#include <string_view>

#include "soapH.h"  // the including unit's generated serializers (soap_new_std__string)

namespace renkei::examples {

// An optional (pointer) string element: nullptr when the value is empty.
inline std::string* optionalString(struct soap* soap, std::string_view value) {
  if (value.empty()) return nullptr;
  auto* s = soap_new_std__string(soap);
  s->assign(value);
  return s;
}

}  // namespace renkei::examples

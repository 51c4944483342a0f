#pragma once
// The WSDL cases (conform/cases/10-wsdl.xml name them by `check`). Each returns its findings,
// one sentence per problem naming the binding, operation, message or import; empty: it holds.
#include <string>
#include <vector>

#include "broker/conform/wsdl_model.h"

namespace renkei::conform {

std::vector<std::string> runWsdlCheck(const std::string& check, const WsdlDocument& wsdl,
                                      const ServiceView& service);

}  // namespace renkei::conform

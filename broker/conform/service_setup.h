#pragma once
// The service under test: its data set, its WSDL and the operations the WSDL declares, checked
// against each other before any case runs so a missing piece is an input error, not a failed
// case blamed on the vendor.
#include <optional>
#include <string>
#include <vector>

#include "broker/conform/case_model.h"
#include "broker/conform/wsdl_model.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

struct ServiceUnderTest {
  DataSet data;
  WsdlDocument wsdl;
  ServiceView view;
  std::string label() const { return data.service + ":" + data.version; }
};

// "NAME" or "NAME:VERSION"; an empty version matches the only data set of that name.
ServiceUnderTest prepareService(const std::vector<DataSet>& sets, const std::string& spec,
                                const std::optional<std::string>& wsdl_override);

// The data set must say what it means: each <valid> body valid against the platform schemas
// and each <invalid> body not, or every verdict built on them would be wrong.
void checkDataSetBodies(const ServiceUnderTest& service, const xml::SchemaSet& schemas);

}  // namespace renkei::conform

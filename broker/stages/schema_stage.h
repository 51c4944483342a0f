#pragma once
// Checks the body against the service the header names: the service and both units exist, the
// body root is the service's request element, a schema declares it, and nothing failed
// validation. Sets exchange.service and exchange.receiver.
#include <string_view>

#include "broker/core/stage.h"
#include "broker/registry/service_catalog.h"

namespace renkei {

class SchemaStage : public Stage {
 public:
  // validate=false (bench only): the body root is still checked, its content is not.
  explicit SchemaStage(const ServiceCatalog& catalog, bool validate = true)
      : catalog_(catalog), validate_(validate) {}
  std::string_view name() const override { return "schema"; }
  StageResult process(Exchange& exchange) override;

 private:
  const ServiceCatalog& catalog_;
  bool validate_;
};

}  // namespace renkei

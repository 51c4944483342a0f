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
  explicit SchemaStage(const ServiceCatalog& catalog) : catalog_(catalog) {}
  std::string_view name() const override { return "schema"; }
  StageResult process(Exchange& exchange) override;

 private:
  const ServiceCatalog& catalog_;
};

}  // namespace renkei

#pragma once
// Checks the body against the service the header names: the service and both units exist, the
// body root is the service's request element, a schema declares it, and nothing failed
// validation. Sets exchange.service and exchange.receiver.
#include <string_view>

#include "broker/core/service_catalog.h"
#include "broker/core/stage.h"

namespace renkei {

class SchemaStage : public Stage {
 public:
  // validate=false (bench only): the body root is still checked, its content is not.
  explicit SchemaStage(const ServiceCatalog& catalog, bool validate = true)
      : catalog_(catalog), validate_(validate) {}
  // For notification topics: the receiver may also be the sender tenant's subscribers address
  // (notify_config.h), which names no unit; exchange.receiver then stays empty.
  static SchemaStage forTopics(const ServiceCatalog& catalog, bool validate) {
    SchemaStage stage(catalog, validate);
    stage.subscribers_address_ok_ = true;
    return stage;
  }
  std::string_view name() const override { return "schema"; }
  StageResult process(Exchange& exchange) override;

 private:
  const ServiceCatalog& catalog_;
  bool validate_;
  bool subscribers_address_ok_ = false;
};

}  // namespace renkei

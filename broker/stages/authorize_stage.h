#pragma once
// Default deny: the exchange goes on only when the registry holds an active link for exactly this
// sender, receiver, service (name and version) and purpose on today's date in Japan (JST). Sender
// and receiver in different tenants additionally need a link declared cross-tenant.
#include <functional>
#include <string>
#include <string_view>

#include "broker/core/japan_date.h"
#include "broker/core/service_catalog.h"
#include "broker/core/stage.h"

namespace renkei {

class AuthorizeStage : public Stage {
 public:
  explicit AuthorizeStage(const ServiceCatalog& catalog,
                          std::function<std::string()> today = jstDateToday);
  std::string_view name() const override { return "authorize"; }
  StageResult process(Exchange& exchange) override;

 private:
  const ServiceCatalog& catalog_;
  std::function<std::string()> today_;
};

}  // namespace renkei

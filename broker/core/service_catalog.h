#pragma once
// Read-only lookups the pipeline needs from the registry. LinkRegistry implements it; unit tests
// of single stages may use a small fake.
#include <optional>
#include <string>

#include "broker/core/registry_types.h"

namespace renkei {

class ServiceCatalog {
 public:
  virtual ~ServiceCatalog() = default;
  virtual std::optional<Unit> findUnit(const std::string& unit_id) const = 0;
  virtual std::optional<ServiceDef> findService(const std::string& name,
                                                const std::string& version) const = 0;
  // The active link allowing sender to call receiver's service for purpose on `date`
  // (YYYY-MM-DD), honouring valid_from / valid_to. Default deny: nullopt when none matches.
  virtual std::optional<Link> findActiveLink(const std::string& sender, const std::string& receiver,
                                             const std::string& service_name,
                                             const std::string& service_version,
                                             const std::string& purpose_code,
                                             const std::string& date) const = 0;
};

}  // namespace renkei

#pragma once
// What a unit may call today (X-Road's allowedMethods): its links as sender that the broker
// would route now, judged with the very lookup the authorize stage uses. Never anyone else's.
// Served by the admin service and, for the units themselves, on the unit-facing listener.
#include <string>
#include <vector>

#include "broker/registry/link_registry.h"

namespace renkei {

struct AllowedService {
  std::string receiver;
  std::string service_name;
  std::string service_version;
  std::string purpose_code;
  std::string purpose_name;
  std::string valid_to;
};

// Ordered by receiver, service, version, purpose. `today` is the UTC date "YYYY-MM-DD".
std::vector<AllowedService> allowedServices(const LinkRegistry& registry,
                                            const std::string& unit_id, const std::string& today);

}  // namespace renkei

#include "broker/registry/allowed_services.h"

#include <algorithm>
#include <tuple>

namespace renkei {

std::vector<AllowedService> allowedServices(const LinkRegistry& registry,
                                            const std::string& unit_id, const std::string& today) {
  const RegistrySnapshot snapshot = registry.snapshot();
  std::vector<AllowedService> out;
  for (const Link& link : snapshot.links) {
    if (link.sender != unit_id) continue;
    const auto active = registry.findActiveLink(link.sender, link.receiver, link.service_name,
                                                link.service_version, link.purpose_code, today);
    if (!active || active->id != link.id) continue;
    out.push_back({link.receiver, link.service_name, link.service_version, link.purpose_code,
                   link.purpose_name, link.valid_to});
  }
  std::sort(out.begin(), out.end(), [](const AllowedService& a, const AllowedService& b) {
    return std::tie(a.receiver, a.service_name, a.service_version, a.purpose_code) <
           std::tie(b.receiver, b.service_name, b.service_version, b.purpose_code);
  });
  return out;
}

}  // namespace renkei

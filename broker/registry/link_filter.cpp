#include "broker/registry/link_filter.h"

#include <algorithm>
#include <tuple>

#include "broker/core/tenant_code.h"

namespace renkei {
namespace {

bool serviceMatches(const Link& link, const std::string& wanted) {
  const auto colon = wanted.find(':');
  if (colon == std::string::npos) return link.service_name == wanted;
  return link.service_name == wanted.substr(0, colon) &&
         link.service_version == wanted.substr(colon + 1);
}

}  // namespace

std::string tenantOf(const RegistrySnapshot& registry, const std::string& unit_id) {
  for (const Unit& unit : registry.units) {
    if (unit.id == unit_id && !unit.tenant.empty()) return unit.tenant;
  }
  return std::string(tenantOfUnit(unit_id));
}

bool matchesFilter(const RegistrySnapshot& registry, const Link& link, const LinkFilter& filter) {
  if (filter.status && link.status != *filter.status) return false;
  if (!filter.sender.empty() && link.sender != filter.sender) return false;
  if (!filter.receiver.empty() && link.receiver != filter.receiver) return false;
  if (!filter.purpose.empty() && link.purpose_code != filter.purpose) return false;
  if (!filter.service.empty() && !serviceMatches(link, filter.service)) return false;
  if (!filter.tenant.empty() && tenantOf(registry, link.sender) != filter.tenant &&
      tenantOf(registry, link.receiver) != filter.tenant) {
    return false;
  }
  return true;
}

std::vector<Link> filterLinks(const RegistrySnapshot& registry, const LinkFilter& filter) {
  std::vector<Link> out;
  for (const Link& link : registry.links) {
    if (matchesFilter(registry, link, filter)) out.push_back(link);
  }
  std::sort(out.begin(), out.end(), [&](const Link& a, const Link& b) {
    return std::tie(a.sender, a.receiver, a.service_name, a.service_version, a.id) <
           std::tie(b.sender, b.receiver, b.service_name, b.service_version, b.id);
  });
  return out;
}

}  // namespace renkei

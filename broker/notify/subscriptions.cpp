#include "broker/notify/subscriptions.h"
#include "broker/core/tenant_code.h"

#include <algorithm>

namespace renkei {

std::vector<Link> RegistrySubscriptions::activeSubscriptions(const std::string& sender,
                                                             const std::string& topic,
                                                             const std::string& version,
                                                             const std::string& date) const {
  std::vector<Link> found;
  for (Link& link : registry_.snapshot().links) {
    if (link.sender != sender || link.service_name != topic || link.service_version != version) {
      continue;
    }
    if (link.status != LinkStatus::kActive) continue;
    if (!link.valid_from.empty() && date < link.valid_from) continue;
    if (!link.valid_to.empty() && date > link.valid_to) continue;
    // A link across tenants that does not say so authorizes nothing (as in AuthorizeStage).
    if (tenantOfUnit(link.sender) != tenantOfUnit(link.receiver) && !link.cross_tenant) continue;
    found.push_back(std::move(link));
  }
  std::sort(found.begin(), found.end(), [](const Link& a, const Link& b) {
    return a.receiver != b.receiver ? a.receiver < b.receiver : a.id < b.id;
  });
  // One copy per receiver, however many purposes it subscribed under.
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Link& a, const Link& b) { return a.receiver == b.receiver; }),
              found.end());
  return found;
}

}  // namespace renkei

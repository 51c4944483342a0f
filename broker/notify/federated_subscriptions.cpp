#include "broker/notify/federated_subscriptions.h"

#include <algorithm>

namespace renkei {

std::vector<Link> FederatedSubscriptions::activeSubscriptions(const std::string& sender,
                                                              const std::string& topic,
                                                              const std::string& version,
                                                              const std::string& date) const {
  std::vector<Link> found;
  for (Link& link :
       RegistrySubscriptions(local_).activeSubscriptions(sender, topic, version, date)) {
    if (!federation_.crossesClouds(link.sender, link.receiver)) found.push_back(std::move(link));
  }
  if (const auto held = snapshot_.current()) {
    for (Link& link :
         RegistrySubscriptions(held->links).activeSubscriptions(sender, topic, version, date)) {
      if (federation_.crossesClouds(link.sender, link.receiver)) found.push_back(std::move(link));
    }
  }
  // The order RegistrySubscriptions gives: by receiver, one per receiver (the two parts name
  // different receivers, so nothing is merged here).
  std::sort(found.begin(), found.end(),
            [](const Link& a, const Link& b) { return a.receiver < b.receiver; });
  return found;
}

}  // namespace renkei

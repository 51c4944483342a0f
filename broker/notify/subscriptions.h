#pragma once
// Who subscribes to a topic: the active links sender -> receiver for that service, valid on the
// day. Subscriptions are ordinary links (same registry, lifecycle, purpose and legal basis), so
// suspending one stops its copies like it stops a 照会.
#include <string>
#include <vector>

#include "broker/core/registry_types.h"
#include "broker/registry/link_registry.h"

namespace renkei {

class SubscriptionFinder {
 public:
  virtual ~SubscriptionFinder() = default;
  // Ordered by receiver, then link id: one subscription per receiver (the first, when a
  // receiver holds several for different purposes).
  virtual std::vector<Link> activeSubscriptions(const std::string& sender, const std::string& topic,
                                                const std::string& version,
                                                const std::string& date) const = 0;
};

class RegistrySubscriptions : public SubscriptionFinder {
 public:
  explicit RegistrySubscriptions(const LinkRegistry& registry) : registry_(registry) {}
  std::vector<Link> activeSubscriptions(const std::string& sender, const std::string& topic,
                                        const std::string& version,
                                        const std::string& date) const override;

 private:
  const LinkRegistry& registry_;
};

}  // namespace renkei

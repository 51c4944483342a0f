#pragma once
// The registry as a follower of the federation's registry snapshot sees it (docs/federation.md,
// "Registry snapshot"): units and services from the local registry, links between units of this
// broker from the local registry too, and links that cross clouds from the primary's signed
// snapshot alone (none while no snapshot is held). Whether the snapshot is still current is the
// caller's question (whySnapshotUnusable): CrossCloudAuthorizeStage refuses on an expired one,
// the notification dispatcher holds its peer-bound copies back.
#include <optional>
#include <string>

#include "broker/config/federation_config.h"
#include "broker/core/service_catalog.h"
#include "broker/registry/link_snapshot_holder.h"

namespace renkei {

class FollowerCatalog : public ServiceCatalog {
 public:
  FollowerCatalog(const ServiceCatalog& local, const LinkSnapshotHolder& snapshot,
                  const FederationConfig& federation)
      : local_(local), snapshot_(snapshot), federation_(federation) {}
  std::optional<Unit> findUnit(const std::string& unit_id) const override {
    return local_.findUnit(unit_id);
  }
  std::optional<ServiceDef> findService(const std::string& name,
                                        const std::string& version) const override {
    return local_.findService(name, version);
  }
  std::optional<Link> findActiveLink(const std::string& sender, const std::string& receiver,
                                     const std::string& service_name,
                                     const std::string& service_version,
                                     const std::string& purpose_code,
                                     const std::string& date) const override;

 private:
  const ServiceCatalog& local_;
  const LinkSnapshotHolder& snapshot_;
  const FederationConfig& federation_;
};

}  // namespace renkei

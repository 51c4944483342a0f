#pragma once
// Authorization on a follower of the federation's registry snapshot (docs/federation.md,
// "Registry snapshot"). An exchange between units hosted by different brokers is authorized
// against the primary's signed snapshot alone, with the same rules as AuthorizeStage (active,
// dates, cross-tenant); when this broker holds no snapshot, or its copy has expired, it is
// refused with Server.RegistryExpired rather than judged on a registry that may be stale. Every
// other exchange is authorized against the local registry, as before.
#include <functional>
#include <string>
#include <string_view>

#include "broker/config/federation_config.h"
#include "broker/core/japan_date.h"
#include "broker/core/service_catalog.h"
#include "broker/core/stage.h"
#include "broker/registry/link_snapshot_holder.h"
#include "broker/stages/authorize_stage.h"
#include "broker/stages/follower_catalog.h"

namespace renkei {

class CrossCloudAuthorizeStage : public Stage {
 public:
  CrossCloudAuthorizeStage(const ServiceCatalog& local, const LinkSnapshotHolder& follower,
                           const FederationConfig& federation,
                           std::function<std::string()> today = jstDateToday);
  std::string_view name() const override { return "authorize"; }
  StageResult process(Exchange& exchange) override;

 private:
  const LinkSnapshotHolder& follower_;
  const FederationConfig& federation_;
  std::function<std::string()> today_;
  AuthorizeStage local_;
  FollowerCatalog follower_catalog_;
  AuthorizeStage cross_cloud_;  // over follower_catalog_
};

}  // namespace renkei

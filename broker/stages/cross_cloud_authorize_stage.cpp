#include "broker/stages/cross_cloud_authorize_stage.h"

#include <chrono>

#include "broker/registry/link_snapshot.h"

namespace renkei {
namespace {

// Units and services from the local registry (the schema and routing stages use the same);
// links from the snapshot only.
class SnapshotCatalog : public ServiceCatalog {
 public:
  SnapshotCatalog(const ServiceCatalog& local, const LinkRegistry& links)
      : local_(local), links_(links) {}
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
                                     const std::string& date) const override {
    return links_.findActiveLink(sender, receiver, service_name, service_version, purpose_code,
                                 date);
  }

 private:
  const ServiceCatalog& local_;
  const LinkRegistry& links_;
};

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CrossCloudAuthorizeStage::CrossCloudAuthorizeStage(const ServiceCatalog& local,
                                                   const LinkSnapshotHolder& follower,
                                                   const FederationConfig& federation,
                                                   std::function<std::string()> today)
    : local_catalog_(local),
      follower_(follower),
      federation_(federation),
      today_(today ? std::move(today) : jstDateToday),
      local_(local, today_) {}

StageResult CrossCloudAuthorizeStage::process(Exchange& exchange) {
  if (!exchange.header ||
      !federation_.crossesClouds(exchange.header->sender, exchange.header->receiver)) {
    return local_.process(exchange);
  }
  const auto held = follower_.current();
  if (!held) {
    return StageResult::refuse(FaultCode::kRegistryExpired,
                               "cross-cloud exchanges are authorized from the registry snapshot "
                               "of primary " +
                                   follower_.primary() + ", and none has reached this broker yet");
  }
  const LinkSnapshot& s = held->snapshot;
  if (s.expiredAt(nowMs())) {
    return StageResult::refuse(FaultCode::kRegistryExpired,
                               "this broker's registry snapshot (version " +
                                   std::to_string(s.version) + " from primary " + s.primary +
                                   ") expired at " + utcText(s.expires_at_ms) +
                                   "; cross-cloud exchanges wait for a fresh one");
  }
  const SnapshotCatalog catalog(local_catalog_, held->links);
  StageResult result = AuthorizeStage(catalog, today_).process(exchange);
  if (result.ok()) return result;
  FaultInfo fault = *result.fault();
  fault.reason += " (registry snapshot version " + std::to_string(s.version) + " from primary " +
                  s.primary + ")";
  return StageResult::refuse(std::move(fault));
}

}  // namespace renkei

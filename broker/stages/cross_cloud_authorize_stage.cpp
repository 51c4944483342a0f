#include "broker/stages/cross_cloud_authorize_stage.h"

#include <chrono>

#include "broker/registry/link_snapshot.h"

namespace renkei {
namespace {

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
    : follower_(follower),
      federation_(federation),
      today_(today ? std::move(today) : jstDateToday),
      local_(local, today_),
      follower_catalog_(local, follower, federation),
      cross_cloud_(follower_catalog_, today_) {}

StageResult CrossCloudAuthorizeStage::process(Exchange& exchange) {
  if (!exchange.header ||
      !federation_.crossesClouds(exchange.header->sender, exchange.header->receiver)) {
    return local_.process(exchange);
  }
  const std::string unusable = whySnapshotUnusable(follower_, nowMs());
  if (!unusable.empty()) return StageResult::refuse(FaultCode::kRegistryExpired, unusable);
  StageResult result = cross_cloud_.process(exchange);
  if (result.ok()) return result;
  // Named in the fault: the snapshot held now (never taken away, only replaced by a newer one;
  // the one that refused, unless a newer one arrived meanwhile).
  const LinkSnapshot& s = follower_.current()->snapshot;
  FaultInfo fault = *result.fault();
  fault.reason += " (registry snapshot version " + std::to_string(s.version) + " from primary " +
                  s.primary + ")";
  return StageResult::refuse(std::move(fault));
}

}  // namespace renkei

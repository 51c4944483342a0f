#include "broker/reports/traffic_cache.h"

#include <limits>

#include "broker/store/store.h"

namespace renkei::reports {

TrafficCache::TrafficCache(Store& store) : store_(store) {}

TrafficCache::~TrafficCache() = default;

TrafficSummary TrafficCache::summary(RegistrySnapshot* registry_out) {
  std::lock_guard lock(mutex_);
  // The version is read before the registry: a change racing with this call moves the version
  // again and the next call starts over, so no change is ever missed.
  const int64_t version = store_.registryVersion();
  if (!accumulator_ || version != registry_version_) {
    auto registry = std::make_unique<RegistrySnapshot>(store_.loadRegistry());
    accumulator_ = std::make_unique<TrafficAccumulator>(*registry);
    registry_ = std::move(registry);
    registry_version_ = version;
    last_seq_ = std::numeric_limits<int64_t>::min();
  }
  try {
    store_.forEachAuditAfter(last_seq_, [&](const AuditRecord& record) {
      accumulator_->add(record);
      last_seq_ = record.seq;
      ++records_read_;
      return true;
    });
  } catch (...) {
    // Part of the new records may have been added: start over next time rather than guess.
    accumulator_.reset();
    throw;
  }
  if (registry_out != nullptr) *registry_out = *registry_;
  return accumulator_->finish();
}

int64_t TrafficCache::recordsRead() const {
  std::lock_guard lock(mutex_);
  return records_read_;
}

}  // namespace renkei::reports

#include "broker/server/broker_readiness.h"

#include <exception>

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;

long long millisOf(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

BrokerReadiness::BrokerReadiness(Store& store, const BatchingAuditWriter& audit,
                                 const RegistryWatcher& watcher, const LinkRegistry& registry,
                                 const xml::SchemaSet& schemas, ReadinessLimits limits,
                                 metrics::Counter* store_errors)
    : store_(store),
      audit_(audit),
      watcher_(watcher),
      registry_(registry),
      schemas_(schemas),
      limits_(limits),
      store_errors_(store_errors) {}

std::vector<admin::ReadinessCheck> BrokerReadiness::check() {
  return {store(), auditWriter(), registryFresh(), schemas()};
}

admin::ReadinessCheck BrokerReadiness::store() {
  const auto cached = [&]() -> std::optional<admin::ReadinessCheck> {
    std::lock_guard lock(last_mutex_);
    if (last_ping_ && Clock::now() - last_ping_at_ < limits_.ping_reuse) return last_ping_;
    return std::nullopt;
  };
  if (auto recent = cached()) return *recent;
  std::unique_lock ping_lock(ping_mutex_, std::try_to_lock);
  if (!ping_lock.owns_lock()) {
    // Another request is pinging now: wait for it (bounded by its deadline), not ping twice.
    ping_lock.lock();
    if (auto recent = cached()) return *recent;
  }
  admin::ReadinessCheck result{"store", false, ""};
  const auto started = Clock::now();
  try {
    store_.ping(limits_.ping_timeout);
    result.ok = true;
    result.detail = "answered in " + std::to_string(millisOf(Clock::now() - started)) + " ms";
  } catch (const std::exception&) {
    // The store's own error names its host and user: it stays out of an HTTP answer.
    if (store_errors_ != nullptr) store_errors_->inc();
    result.detail = "no answer within " + std::to_string(limits_.ping_timeout.count()) +
                    " ms (the audit writer's log line has the store's error)";
  }
  std::lock_guard lock(last_mutex_);
  last_ping_ = result;
  last_ping_at_ = Clock::now();
  return result;
}

admin::ReadinessCheck BrokerReadiness::auditWriter() const {
  admin::ReadinessCheck result{"audit_writer", false, ""};
  const std::size_t queued = audit_.queued();
  const auto oldest = audit_.oldestQueuedAge();
  if (!audit_.healthy()) {
    result.detail = "the audit trail cannot be written; exchanges are refused (" +
                    std::to_string(queued) + " records waiting)";
  } else if (oldest > limits_.audit_max_age) {
    result.detail = "falling behind: the oldest of " + std::to_string(queued) +
                    " queued records has waited " + std::to_string(millisOf(oldest)) + " ms";
  } else {
    result.ok = true;
    result.detail = std::to_string(queued) + " records queued, oldest " +
                    std::to_string(millisOf(oldest)) + " ms";
  }
  return result;
}

admin::ReadinessCheck BrokerReadiness::registryFresh() const {
  admin::ReadinessCheck result{"registry", false, ""};
  const auto age = Clock::now() - watcher_.lastSuccess();
  const std::string version = "version " + std::to_string(watcher_.lastVersion());
  if (age > limits_.registry_max_age) {
    result.detail = version + ", not confirmed for " + std::to_string(millisOf(age)) +
                    " ms: registry changes may be missed";
  } else {
    result.ok = true;
    result.detail = version + ", confirmed " + std::to_string(millisOf(age)) + " ms ago";
  }
  return result;
}

admin::ReadinessCheck BrokerReadiness::schemas() const {
  admin::ReadinessCheck result{"schemas", false, ""};
  if (schemas_.files().empty()) {
    result.detail = "no schema loaded";
    return result;
  }
  const RegistrySnapshot snapshot = registry_.snapshot();
  if (limits_.validating) {
    for (const ServiceDef& s : snapshot.services) {
      if (!schemas_.declaresElement(s.request_ns, s.request_element) ||
          !schemas_.declaresElement(s.response_ns, s.response_element)) {
        result.detail = "service " + s.name + " v" + s.version +
                        ": its messages are declared by no loaded schema";
        return result;
      }
    }
  }
  result.ok = true;
  result.detail = std::to_string(schemas_.files().size()) + " schema files, " +
                  std::to_string(snapshot.services.size()) + " services";
  return result;
}

}  // namespace renkei

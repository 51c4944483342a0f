#pragma once
// The running broker's readiness checks (admin/readiness.h), made from the parts it already has:
//   store         one ping with a short deadline; at most one ping at a time, and a result is
//                 reused for a second, so a probe storm costs the store nothing and never ties up
//                 the admin listener's two workers;
//   audit_writer  healthy, and its oldest waiting record younger than the audit timeout (past it,
//                 callers are already being answered Server.AuditUnavailable);
//   registry      the last successful poll within max(10 poll intervals, 5 s);
//   schemas       grammars loaded, and every configured service's request and response element
//                 declared by them.
#include <chrono>
#include <mutex>
#include <optional>

#include "broker/admin/readiness.h"
#include "broker/audit/batching_audit_writer.h"
#include "broker/metrics/counter.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/registry_watcher.h"
#include "broker/store/store.h"
#include "broker/xml/schema_set.h"

namespace renkei {

struct ReadinessLimits {
  std::chrono::milliseconds ping_timeout{500};
  std::chrono::milliseconds ping_reuse{1000};     // a ping result is good for this long
  std::chrono::milliseconds audit_max_age{3000};  // oldest queued audit record
  std::chrono::milliseconds registry_max_age{5000};
  bool validating = true;  // <schemas validate>: without it, message elements need no grammar
};

class BrokerReadiness : public admin::Readiness {
 public:
  // Every part must outlive this object; `store_errors` (may be null) counts failed pings.
  BrokerReadiness(Store& store, const BatchingAuditWriter& audit, const RegistryWatcher& watcher,
                  const LinkRegistry& registry, const xml::SchemaSet& schemas,
                  ReadinessLimits limits, metrics::Counter* store_errors);

  std::vector<admin::ReadinessCheck> check() override;

 private:
  admin::ReadinessCheck store();
  admin::ReadinessCheck auditWriter() const;
  admin::ReadinessCheck registryFresh() const;
  admin::ReadinessCheck schemas() const;

  Store& store_;
  const BatchingAuditWriter& audit_;
  const RegistryWatcher& watcher_;
  const LinkRegistry& registry_;
  const xml::SchemaSet& schemas_;
  const ReadinessLimits limits_;
  metrics::Counter* store_errors_;

  std::mutex ping_mutex_;  // held for the ping itself: one at a time
  std::mutex last_mutex_;  // guards the two below
  std::optional<admin::ReadinessCheck> last_ping_;
  std::chrono::steady_clock::time_point last_ping_at_{};
};

}  // namespace renkei

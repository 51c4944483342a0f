#pragma once
// The broker-wide series read at scrape time from state the runtime's parts keep anyway: open
// connections and overload refusals (the listener's counters), each receiver's bulkhead and
// breaker, the audit writer's queue, the registry's version and age. Registering them costs the
// exchanges nothing.
#include <functional>
#include <vector>

#include "broker/audit/batching_audit_writer.h"
#include "broker/metrics/metrics_registry.h"
#include "broker/registry/registry_watcher.h"
#include "broker/server/http_server.h"
#include "broker/transport/receiver_guards.h"

namespace renkei {

// The receivers' bulkheads and breakers as they are now: a reload may install new ones.
using ReceiverStates = std::function<std::vector<ReceiverGuards::ReceiverState>()>;

// Every part must outlive `registry`'s last scrape (the runtime stops the admin listener first).
void registerRuntimeMetrics(metrics::Registry& registry, const HttpServer& server,
                            ReceiverStates receivers, const BatchingAuditWriter& audit,
                            const RegistryWatcher& watcher);

}  // namespace renkei

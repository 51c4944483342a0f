#include "broker/server/runtime_metrics.h"

#include <chrono>

namespace renkei {

using metrics::MetricType;

void registerRuntimeMetrics(metrics::Registry& registry, const HttpServer& server,
                            ReceiverStates receivers, const BatchingAuditWriter& audit,
                            const RegistryWatcher& watcher) {
  registry.scraped("renkei_open_connections", "Connections open on the unit-facing listener.",
                   MetricType::kGauge, {}, [&server](const auto& emit) {
                     emit({}, static_cast<double>(server.stats().connections_open.load()));
                   });
  registry.scraped(
      "renkei_overload_refusals_total",
      "Callers answered Server.Overloaded on the listener's loop, not audited: reason \"queue\" "
      "(worker queue full or waited too long) or \"connections\" (a connection cap).",
      MetricType::kCounter, {"reason"}, [&server](const auto& emit) {
        emit({"queue"}, static_cast<double>(server.stats().overloaded.load()));
        emit({"connections"}, static_cast<double>(server.stats().connections_refused.load()));
      });
  // Receiver ids come from the registry (the forward stage forwards only to known units).
  const auto per_receiver = [&receivers](auto value) {
    return [receivers, value](const metrics::ScrapeFamily::Emit& emit) {
      for (const auto& state : receivers()) emit({state.receiver}, value(state));
    };
  };
  using State = ReceiverGuards::ReceiverState;
  registry.scraped("renkei_receiver_in_flight", "Forwards in flight to each receiver unit.",
                   MetricType::kGauge, {"receiver"},
                   per_receiver([](const State& s) { return double(s.load.active); }));
  registry.scraped("renkei_receiver_queued", "Callers waiting for a slot of each receiver unit.",
                   MetricType::kGauge, {"receiver"},
                   per_receiver([](const State& s) { return double(s.load.queued); }));
  registry.scraped("renkei_receiver_breaker_open",
                   "1 while a receiver's circuit breaker is open or half-open (callers refused), "
                   "else 0.",
                   MetricType::kGauge, {"receiver"},
                   per_receiver([](const State& s) { return s.breaker_open ? 1.0 : 0.0; }));
  registry.scraped("renkei_audit_queue_depth",
                   "Audit records waiting to be committed (the backlog while the store is down).",
                   MetricType::kGauge, {},
                   [&audit](const auto& emit) { emit({}, static_cast<double>(audit.queued())); });
  registry.scraped(
      "renkei_audit_answered_fault_recorded_routed_total",
      "Exchanges answered Server.AuditUnavailable because their commit's answer was lost, whose "
      "commit had landed after all: the trail says what happened, the caller was told a fault.",
      MetricType::kCounter, {}, [&audit](const auto& emit) {
        emit({}, static_cast<double>(audit.answeredFaultRecordedOtherwise()));
      });
  registry.scraped(
      "renkei_registry_version", "The store's registry version this broker has loaded.",
      MetricType::kGauge, {},
      [&watcher](const auto& emit) { emit({}, static_cast<double>(watcher.lastVersion())); });
  registry.scraped("renkei_registry_age_seconds",
                   "Seconds since the registry was last confirmed current against the store.",
                   MetricType::kGauge, {}, [&watcher](const auto& emit) {
                     const auto age = std::chrono::steady_clock::now() - watcher.lastSuccess();
                     emit({}, std::chrono::duration<double>(age).count());
                   });
}

}  // namespace renkei

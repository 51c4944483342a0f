#include "broker/notify/outbox_metrics.h"

#include "broker/notify/notify_clock.h"

namespace renkei {

using metrics::MetricType;

namespace {

// A store that cannot answer leaves the series out of this scrape (readiness and
// renkei_store_errors say why); a scrape never fails because of it.
bool readDepth(OutboxStore& outbox, OutboxStore::Depth* depth) {
  try {
    *depth = outbox.depth(epochMsNow());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void registerOutboxMetrics(metrics::Registry& registry, OutboxStore& outbox,
                           const NotificationDispatcher& dispatcher) {
  registry.scraped("renkei_outbox_deliveries",
                   "Copies in the 通知 outbox still to deliver (state \"pending\") or given up "
                   "after their last attempt (\"dead\", waiting for an operator).",
                   MetricType::kGauge, {"state"}, [&outbox](const auto& emit) {
                     OutboxStore::Depth depth;
                     if (!readDepth(outbox, &depth)) return;
                     emit({"pending"}, static_cast<double>(depth.pending));
                     emit({"dead"}, static_cast<double>(depth.dead));
                   });
  registry.scraped("renkei_outbox_oldest_pending_age_seconds",
                   "Seconds since the oldest pending copy was posted (0 when none): how far "
                   "behind delivery is.",
                   MetricType::kGauge, {}, [&outbox](const auto& emit) {
                     OutboxStore::Depth depth;
                     if (!readDepth(outbox, &depth)) return;
                     emit({}, static_cast<double>(depth.oldest_pending_ms) / 1000.0);
                   });
  registry.scraped("renkei_delivery_attempts_total",
                   "Delivery attempts by this instance since it started: \"acknowledged\" (the "
                   "copy is done) or \"failed\" (retried later or dead-lettered).",
                   MetricType::kCounter, {"result"}, [&dispatcher](const auto& emit) {
                     const auto counts = dispatcher.counts();
                     emit({"acknowledged"}, static_cast<double>(counts.acknowledged));
                     emit({"failed"}, static_cast<double>(counts.failed));
                   });
  registry.scraped("renkei_deliveries_dead_lettered_total",
                   "Copies this instance dead-lettered since it started (maxAttempts or "
                   "deadLetterAfterHours reached).",
                   MetricType::kCounter, {}, [&dispatcher](const auto& emit) {
                     emit({}, static_cast<double>(dispatcher.counts().dead_lettered));
                   });
}

}  // namespace renkei

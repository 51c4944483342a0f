#pragma once
// The 通知 series on /metrics, read at scrape time: the outbox's depth by state and the age of
// its oldest pending copy (one query each on the store, paid by the scrape, never by a post),
// and this instance's delivery attempts (counters the dispatcher keeps).
#include "broker/metrics/metrics_registry.h"
#include "broker/notify/notification_dispatcher.h"
#include "broker/notify/outbox_store.h"

namespace renkei {

// `outbox` and `dispatcher` must outlive the registry's last scrape.
void registerOutboxMetrics(metrics::Registry& registry, OutboxStore& outbox,
                           const NotificationDispatcher& dispatcher);

}  // namespace renkei

#pragma once
// Everything a running broker is made of, built from a validated configuration: store,
// registry and its watcher, audit writer, schemas, the serving generation (forwarder, limits,
// pipeline; replaced by reload()), HTTP engine, admin listener. Owns their lifetimes and stops
// them in the right order (listeners first, audit writer last).
#include <memory>
#include <mutex>
#include <ostream>

#include "broker/accesslog/access_log.h"
#include "broker/admin/admin_server.h"
#include "broker/archive/file_archive.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/batching_audit_writer.h"
#include "broker/audit/instance_stamp_sink.h"
#include "broker/config/broker_config.h"
#include "broker/core/cpu_demand.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/exchanges_in_progress.h"
#include "broker/core/pipeline.h"
#include "broker/metrics/exchange_metrics.h"
#include "broker/metrics/metrics_registry.h"
#include "broker/notify/notification_dispatcher.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/registry_watcher.h"
#include "broker/replay/replay_guard.h"
#include "broker/server/broker_handler.h"
#include "broker/server/broker_readiness.h"
#include "broker/server/federation_runtime.h"
#include "broker/server/http_server.h"
#include "broker/server/serving_slot.h"
#include "broker/stages/follower_catalog.h"
#include "broker/store/store.h"
#include "broker/transport/plain_http_forwarder.h"
#include "broker/xml/schema_set.h"

namespace renkei {

class BrokerRuntime {
 public:
  // Opens and migrates the store, seeds the registry from the configuration, compiles the
  // schemas. Throws ConfigError / StoreError / xml::SchemaLoadError with an operator message.
  explicit BrokerRuntime(BrokerConfig config);
  ~BrokerRuntime();

  void start();
  void stop();
  int port() const { return server_->port(); }
  // The admin listener's bound port; 0 when the configuration disables it.
  int adminPort() const { return admin_ ? admin_->port() : 0; }
  const LinkRegistry& registry() const { return registry_; }
  // What GET /metrics on the admin listener writes out.
  const metrics::Registry& metrics() const { return metrics_; }
  const BatchingAuditWriter& auditWriter() const { return *audit_; }
  // After log rotation (SIGUSR1): the access log's file is opened again.
  void reopenLogs();
  // SIGHUP: reads the configuration file again, as at start and as `renkei config check` does.
  // A file that does not load, or whose parts cannot be built, is refused with its errors on
  // `log` and the running configuration stays. Otherwise new units, services and links are
  // seeded into the store, and a new serving generation (limits, forwarding, identities,
  // signatures, privacy, pipeline) is swapped in: open connections stay, exchanges in flight
  // finish on the generation they started on. Settings only a restart can change (listeners,
  // store, audit, ...) are kept and named on `log`. True when the new configuration applies.
  bool reload(std::ostream& log);

 private:
  void usePeersForNotifications();
  const ServiceCatalog& deliveryCatalog() const;
  // What every serving generation shares (see SharedServingParts).
  SharedServingParts sharedServingParts();

  // First, so it outlives every part whose series it holds or reads.
  metrics::Registry metrics_;
  // The configuration the broker started with. Restart-only parts (notifications, federation)
  // keep pointing into it; the configuration in effect is the serving generation's.
  BrokerConfig config_;
  // Read by the audit writer's thread (how many companions to wait for): outlives it.
  ExchangesInProgress in_progress_;
  // Tasks wanting a CPU on the unit-facing workers: the audit writer waits for companions only
  // while the cores are busy. Declared before audit_ and server_, which hold pointers to it.
  CpuDemand cpu_demand_;
  std::unique_ptr<Store> store_;
  LinkRegistry registry_;
  std::unique_ptr<RegistryWatcher> watcher_;
  std::unique_ptr<BatchingAuditWriter> audit_;
  std::unique_ptr<ReplayGuard> replay_;               // null when <replay enabled="false">
  std::unique_ptr<InstanceStampSink> stamped_audit_;  // what the pipeline records through
  std::unique_ptr<AuditCheckpointer> checkpointer_;   // null without <audit checkpointKey>
  std::unique_ptr<archive::FileArchive> archive_;     // null without <archive>
  std::unique_ptr<xml::SchemaSet> schemas_;
  // Only with <federation>: peer clients before the pipeline, its listener after; before the
  // notification dispatcher, which calls peers.
  std::unique_ptr<FederationRuntime> federation_;
  // On a follower of the registry snapshot: the registry with cross-cloud links from the
  // snapshot, for the notification dispatcher's checks.
  std::unique_ptr<FollowerCatalog> follower_catalog_;
  // 通知: only when the configuration declares a topic. The dispatcher forwards with its own
  // forwarder and limits, as started.
  std::unique_ptr<PlainHttpForwarder> notify_forwarder_;
  std::unique_ptr<OutboxStore> outbox_;
  std::unique_ptr<SubscriptionFinder> subscriptions_;
  std::unique_ptr<NotificationDispatcher> dispatcher_;
  // Told of every exchange: metrics, and the access log when <log access> is set.
  std::unique_ptr<metrics::ExchangeMetrics> exchange_metrics_;
  std::unique_ptr<accesslog::AccessLog> access_log_;
  ExchangeObservers observers_;
  // The pipeline and what it is built from; reload() installs a new one.
  ServingSlot serving_;
  std::mutex reload_mutex_;  // one reload at a time
  metrics::Counter* reloads_ok_ = nullptr;
  metrics::Counter* reloads_refused_ = nullptr;
  std::size_t listener_max_body_bytes_ = 0;  // the engine's read limit, fixed at start
  std::unique_ptr<BrokerHandler> handler_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<BrokerReadiness> readiness_;
  std::unique_ptr<admin::AdminServer> admin_;
};

}  // namespace renkei

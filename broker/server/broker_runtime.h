#pragma once
// Everything a running broker is made of, built from a validated configuration: store,
// registry and its watcher, audit writer, schemas, forwarder, pipeline, HTTP engine, admin
// listener. Owns their lifetimes and stops them in the right order (listeners first, audit
// writer last).
#include <memory>

#include "broker/accesslog/access_log.h"
#include "broker/admin/admin_server.h"
#include "broker/archive/file_archive.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/batching_audit_writer.h"
#include "broker/audit/instance_stamp_sink.h"
#include "broker/config/broker_config.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/pipeline.h"
#include "broker/metrics/exchange_metrics.h"
#include "broker/metrics/metrics_registry.h"
#include "broker/notify/notification_dispatcher.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/registry_watcher.h"
#include "broker/registry/service_actions.h"
#include "broker/registry/unit_identity.h"
#include "broker/replay/replay_guard.h"
#include "broker/server/allowed_services_endpoint.h"
#include "broker/server/broker_handler.h"
#include "broker/server/broker_readiness.h"
#include "broker/server/federation_runtime.h"
#include "broker/server/http_server.h"
#include "broker/server/wsdl_publisher.h"
#include "broker/stages/follower_catalog.h"
#include "broker/store/store.h"
#include "broker/transport/curl_forwarder.h"
#include "broker/transport/receiver_guards.h"
#include "broker/wssec/broker_signer.h"
#include "broker/wssec/signature_verifier.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/sensitive_elements.h"

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
  // After log rotation (SIGUSR1): the access log's file is opened again.
  void reopenLogs();

 private:
  void usePeersForNotifications();
  const ServiceCatalog& deliveryCatalog() const;

  // First, so it outlives every part whose series it holds or reads.
  metrics::Registry metrics_;
  BrokerConfig config_;
  UnitIdentities identities_;  // connection policies, from the configuration
  std::unique_ptr<Store> store_;
  LinkRegistry registry_;
  std::unique_ptr<RegistryWatcher> watcher_;
  std::unique_ptr<BatchingAuditWriter> audit_;
  std::unique_ptr<ReplayGuard> replay_;               // null when <replay enabled="false">
  std::unique_ptr<InstanceStampSink> stamped_audit_;  // what the pipeline records through
  std::unique_ptr<AuditCheckpointer> checkpointer_;   // null without <audit checkpointKey>
  std::unique_ptr<archive::FileArchive> archive_;     // null without <archive>
  std::unique_ptr<xml::SchemaSet> schemas_;
  std::unique_ptr<CurlForwarder> forwarder_;
  std::unique_ptr<ReceiverGuards> receiver_guards_;
  std::unique_ptr<wssec::SignatureVerifier> signature_verifier_;
  std::unique_ptr<wssec::BrokerSigner> broker_signer_;  // null unless configured
  ServiceActions service_actions_;                      // SOAPAction per service, from the WSDLs
  std::unique_ptr<xml::SensitiveElements> sensitive_;   // <privacy>; may be empty
  // Only with <federation>: peer clients before the pipeline, its listener after; before the
  // notification dispatcher, which calls peers.
  std::unique_ptr<FederationRuntime> federation_;
  // On a follower of the registry snapshot: the registry with cross-cloud links from the
  // snapshot, for the notification dispatcher's checks.
  std::unique_ptr<FollowerCatalog> follower_catalog_;
  // 通知: only when the configuration declares a topic.
  std::unique_ptr<OutboxStore> outbox_;
  std::unique_ptr<SubscriptionFinder> subscriptions_;
  std::unique_ptr<NotificationDispatcher> dispatcher_;
  // Told of every exchange: metrics, and the access log when <log access> is set.
  std::unique_ptr<metrics::ExchangeMetrics> exchange_metrics_;
  std::unique_ptr<accesslog::AccessLog> access_log_;
  ExchangeObservers observers_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<WsdlPublisher> publisher_;
  std::unique_ptr<AllowedServicesEndpoint> allowed_services_;
  std::unique_ptr<BrokerHandler> handler_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<BrokerReadiness> readiness_;
  std::unique_ptr<admin::AdminServer> admin_;
};

}  // namespace renkei

#include "broker/server/broker_runtime.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <thread>

#include "broker/config/config_changes.h"
#include "broker/notify/federated_subscriptions.h"
#include "broker/notify/notify_clock.h"
#include "broker/notify/outbox_metrics.h"
#include "broker/replay/replay_guard_factory.h"
#include "broker/server/runtime_metrics.h"
#include "broker/server/snapshot_metrics.h"
#include "broker/store/outbox_store_factory.h"
#include "broker/store/store_factory.h"
#include "broker/tls/tls_context.h"

namespace renkei {

BrokerRuntime::BrokerRuntime(BrokerConfig config) : config_(std::move(config)) {
  store_ = openStore(config_);
  // A copy: seeding writes the store's state back into its links, and a reload compares the
  // file with the file as it was, not with what the store made of it.
  RegistrySnapshot seed = config_.registry;
  store_->seedRegistry(seed);
  for (const std::string& line : describeUnvouchedLinks(config_, seed)) {
    std::cerr << "renkei: warning: " << line << "\n";
  }
  registry_.reload(*store_);
  // Registry changes from the CLI, the admin listener or another broker instance on the same
  // store reach this broker within one poll, without a restart.
  watcher_ = std::make_unique<RegistryWatcher>(
      *store_, registry_, std::chrono::milliseconds(config_.registry_poll_ms), std::cerr);
  auto& store_errors = metrics_.counter(
      "renkei_store_errors_total",
      "Failed store operations: audit commits and probes, registry polls, readiness pings.",
      {"operation"});
  watcher_->countErrorsIn(&store_errors.with({"registry_poll"}));
  AuditWriterOptions audit;
  audit.record_timeout = std::chrono::milliseconds(config_.audit_timeout_ms);
  audit.commit_delay = std::chrono::microseconds(config_.audit_commit_delay_us);
  audit.exchanges_in_progress = &in_progress_.count();
  audit.cpu_demand = &cpu_demand_;
  audit.cores = std::max(1U, std::thread::hardware_concurrency());
  audit.store_errors = &store_errors.with({"audit"});
  audit.commit_duration =
      &metrics_
           .histogram("renkei_audit_commit_duration_seconds",
                      "Duration of each audit group commit (one transaction, many records).", {},
                      metrics::latencyBuckets())
           .with({});
  audit_ = std::make_unique<BatchingAuditWriter>(*store_, audit, std::cerr);
  stamped_audit_ = std::make_unique<InstanceStampSink>(*audit_, config_.instance_id);
  if (!config_.checkpoint_key.empty()) {
    // Loaded here, before anything listens: a key with loose permissions stops the start.
    CheckpointOptions checkpoints;
    checkpoints.every_records = config_.checkpoint_every_records;
    checkpoints.every = std::chrono::seconds(config_.checkpoint_every_seconds);
    checkpoints.instance_id = config_.instance_id;
    checkpoints.tsa_url = config_.tsa_url;
    checkpoints.tsa_timeout = std::chrono::milliseconds(config_.tsa_timeout_ms);
    checkpointer_ = std::make_unique<AuditCheckpointer>(
        *store_, CheckpointSigner::fromFile(config_.checkpoint_key), checkpoints, std::cerr);
  }
  if (!config_.archive_dir.empty()) {
    // Like the checkpoint key: a loose key or an unwritable directory stops the start, before
    // anything listens, rather than leaving exchanges unarchived.
    try {
      archive_ = std::make_unique<archive::FileArchive>(
          config_.archive_dir, archive::ArchiveKey::fromFile(config_.archive_key),
          config_.instance_id, std::cerr);
    } catch (const archive::ArchiveError& e) {
      throw ConfigError(config_.source_file + ": element archive: " + e.what());
    }
  }
  schemas_ = std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadDirectory(config_.xsd_dir));

  xml::ParserLimits limits;  // for the 通知 dispatcher, which keeps what it started with
  limits.max_bytes = config_.max_message_bytes;
  limits.max_depth = config_.max_depth;
  limits.max_attributes = config_.max_attributes;
  limits.validate = config_.validate_messages;
  const std::chrono::seconds skew(config_.max_clock_skew_s);
  if (config_.replay_check) {
    replay_ = makeReplayGuard(*store_, 2 * skew,
                              std::chrono::milliseconds(config_.audit_timeout_ms), std::cerr);
  } else {
    std::cerr << "renkei: warning: replay protection is off (<replay enabled=\"false\">): "
                 "stale and repeated messages are forwarded\n";
  }
  if (config_.federation.enabled) {
    federation_ = std::make_unique<FederationRuntime>(config_.federation, config_.max_message_bytes,
                                                      config_.max_response_bytes);
    try {
      federation_->shareRegistry(registry_);
    } catch (const std::runtime_error& e) {
      throw ConfigError(config_.source_file + ": element registrySnapshot: " + e.what());
    }
    if (const SnapshotFollower* follower = federation_->follower()) {
      follower_catalog_ =
          std::make_unique<FollowerCatalog>(registry_, *follower, config_.federation);
    }
  }
  if (!config_.notify.topics.empty()) {
    outbox_ = openOutboxStore(config_);
    // On a follower of the registry snapshot, subscriptions across clouds are the snapshot's.
    if (follower_catalog_) {
      subscriptions_ = std::make_unique<FederatedSubscriptions>(registry_, *federation_->follower(),
                                                                config_.federation);
    } else {
      subscriptions_ = std::make_unique<RegistrySubscriptions>(registry_);
    }
    const NotifyConfig& n = config_.notify;
    DispatcherOptions delivery;
    delivery.retry.max_attempts = n.max_attempts;
    delivery.retry.dead_after_ms = static_cast<int64_t>(n.dead_letter_after_hours) * 3600 * 1000;
    delivery.retry.base_ms = n.retry_base_ms;
    delivery.retry.max_ms = n.retry_max_ms;
    delivery.workers = n.workers;
    delivery.max_in_flight_per_receiver = n.max_in_flight_per_receiver;
    delivery.poll = std::chrono::milliseconds(n.poll_ms);
    delivery.timeout = std::chrono::milliseconds(config_.timeout_ms);
    delivery.instance_id = config_.instance_id;
    notify_forwarder_ = std::make_unique<PlainHttpForwarder>(curlForwarderOptions(config_));
    dispatcher_ = std::make_unique<NotificationDispatcher>(*outbox_, *notify_forwarder_,
                                                           deliveryCatalog(), *stamped_audit_,
                                                           *schemas_, limits, delivery, std::cerr);
    if (federation_) usePeersForNotifications();
  }
  exchange_metrics_ = std::make_unique<metrics::ExchangeMetrics>(metrics_, registry_);
  observers_.add(exchange_metrics_.get());
  observers_.add(&in_progress_);
  if (!config_.access_log.empty()) {
    try {
      access_log_ = std::make_unique<accesslog::AccessLog>(config_.access_log, config_.instance_id);
    } catch (const std::runtime_error& e) {
      throw ConfigError(config_.source_file + ": element log: " + e.what());
    }
    observers_.add(access_log_.get());
  }
  std::shared_ptr<ServingGeneration> serving =
      buildServingGeneration(config_, sharedServingParts(), nullptr, std::cerr);
  publishServices(*serving, registry_);
  serving_.install(std::move(serving));
  auto& reloads = metrics_.counter(
      "renkei_config_reloads_total",
      "Configuration reloads (SIGHUP): result \"ok\" (applied) or \"refused\" (the file did not "
      "load or could not be applied; the running configuration was kept).",
      {"result"});
  reloads_ok_ = &reloads.with({"ok"});
  reloads_refused_ = &reloads.with({"refused"});
  if (federation_) {
    try {
      federation_->serve(serving_);
    } catch (const std::runtime_error& e) {
      throw ConfigError(config_.source_file +
                        ": element federation: attribute listen: " + e.what());
    }
  }
  handler_ = std::make_unique<BrokerHandler>(serving_, *audit_);

  HttpServerOptions http;
  http.host = config_.listen_host;
  http.port = config_.listen_port;
  http.worker_threads = config_.workers;
  http.active_workers = config_.active_workers;
  http.cpu_demand = &cpu_demand_;
  http.queue_capacity = config_.queue_capacity;
  http.idle_timeout_s = config_.idle_timeout_s;
  http.request_timeout_ms = config_.request_timeout_ms;
  http.max_queue_wait_ms = config_.max_queue_wait_ms;
  http.max_connections = config_.max_connections;
  http.max_connections_per_peer = config_.max_connections_per_peer;
  if (config_.listen_tls.enabled) http.tls = TlsContext::create(config_.listen_tls);
  // The engine refuses only what is far too large to be worth reading; anything a little over
  // the limit still reaches the parse stage, which answers with a precise fault.
  http.max_body_bytes = config_.max_message_bytes * 2 + 64 * 1024;
  listener_max_body_bytes_ = http.max_body_bytes;
  server_ = std::make_unique<HttpServer>(http, *handler_);
  registerRuntimeMetrics(
      metrics_, *server_, [this] { return serving_.current()->receiver_guards->states(); }, *audit_,
      *watcher_);
  if (dispatcher_) registerOutboxMetrics(metrics_, *outbox_, *dispatcher_);
  if (federation_) registerSnapshotMetrics(metrics_, *federation_);

  ReadinessLimits readiness;
  readiness.audit_max_age = std::chrono::milliseconds(config_.audit_timeout_ms);
  // A few missed polls are a hiccup; many mean registry changes are not reaching this broker.
  readiness.registry_max_age = std::max(std::chrono::milliseconds(10L * config_.registry_poll_ms),
                                        readiness.registry_max_age);
  readiness.validating = config_.validate_messages;
  readiness_ = std::make_unique<BrokerReadiness>(*store_, *audit_, *watcher_, registry_, *schemas_,
                                                 readiness, &store_errors.with({"readiness_ping"}));

  if (config_.admin_enabled) {
    admin::AdminServerOptions admin;
    admin.host = config_.admin_host;
    admin.port = config_.admin_port;
    admin.idle_timeout_s = config_.idle_timeout_s;
    admin.handshake_timeout_ms = config_.request_timeout_ms;
    admin.request_deadline_s = (config_.request_timeout_ms + 999) / 1000;
    admin.allowed_hosts = config_.admin_allowed_hosts;
    if (config_.admin_tls.enabled) admin.tls = TlsContext::create(config_.admin_tls);
    admin.web.wsdl_dir = config_.wsdl_dir;
    admin.web.xsd_dir = config_.xsd_dir;
    admin.web.metrics = &metrics_;
    admin.web.readiness = readiness_.get();
    admin.web.outbox = outbox_.get();
    admin.web.mynumber = {config_.mynumber_gateway_unit, config_.mynumber_records_endpoint,
                          config_.forward_tls};
    admin_ = std::make_unique<admin::AdminServer>(admin, *store_, registry_);
  }
}

BrokerRuntime::~BrokerRuntime() { stop(); }

// 通知 across clouds: copies for peer-hosted subscribers go over the peer link, held back while
// the peer is unavailable, and on a follower also while its registry snapshot is not current
// (they cross clouds, and an expired snapshot authorizes nothing across clouds).
void BrokerRuntime::usePeersForNotifications() {
  PeerRoutes routes;
  routes.forwarder = &federation_->forwarder();
  for (const UnitIdentity& identity : config_.unit_identities) {
    if (identity.policy == ConnectionPolicy::kPeer) {
      routes.host_of[identity.unit_id] = identity.peer;
    }
  }
  FederationRuntime* federation = federation_.get();
  const SnapshotFollower* follower = federation_->follower();
  routes.reachable = [federation, follower](const std::string& peer) {
    return federation->peerAvailable(peer) &&
           (follower == nullptr || whySnapshotUnusable(*follower, epochMsNow()).empty());
  };
  dispatcher_->usePeers(std::move(routes));
}

const ServiceCatalog& BrokerRuntime::deliveryCatalog() const {
  if (follower_catalog_) return *follower_catalog_;
  return registry_;
}

SharedServingParts BrokerRuntime::sharedServingParts() {
  SharedServingParts shared{*schemas_, registry_, *audit_, *stamped_audit_};
  shared.replay = replay_.get();
  shared.observers = &observers_;
  shared.archive = archive_.get();
  if (dispatcher_) {
    shared.notify = &config_.notify;
    shared.outbox = outbox_.get();
    shared.subscriptions = subscriptions_.get();
    shared.posted = [this] { dispatcher_->wake(); };
  }
  if (federation_) {
    shared.peers = &federation_->forwarder();
    shared.registry_snapshot = federation_->follower();
    shared.federation = &config_.federation;
  }
  return shared;
}

void BrokerRuntime::reopenLogs() {
  if (access_log_) access_log_->reopen();
}

void BrokerRuntime::start() {
  // The watcher first: the registry is current before the first message is accepted.
  watcher_->start();
  if (checkpointer_) checkpointer_->start();
  server_->start();
  if (federation_) federation_->start();
  if (admin_) admin_->start();
  // After the listener: a copy left over from before a restart goes out while new posts arrive.
  if (dispatcher_) dispatcher_->start();
}

void BrokerRuntime::stop() {
  if (admin_) admin_->stop();
  if (server_) server_->stop();
  // After the unit-facing listener (its workers may be waiting on a peer), before the audit
  // writer (requests from peers in hand finish and are audited).
  if (federation_) federation_->stop();
  // Before the audit writer: the attempts in flight finish and are audited.
  if (dispatcher_) dispatcher_->stop();
  if (watcher_) watcher_->stop();
  if (audit_) audit_->stop();
  // Last: the final checkpoint signs the head the writer has just flushed.
  if (checkpointer_) checkpointer_->stop();
}

}  // namespace renkei

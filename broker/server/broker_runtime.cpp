#include "broker/server/broker_runtime.h"

#include <iostream>

#include "broker/server/pipeline_builder.h"
#include "broker/stages/authorize_stage.h"
#include "broker/store/store_factory.h"
#include "broker/wssec/xsec_signature_verifier.h"

namespace renkei {

BrokerRuntime::BrokerRuntime(BrokerConfig config) : config_(std::move(config)) {
  store_ = openStore(config_);
  store_->seedRegistry(config_.registry);
  registry_.reload(*store_);
  // Registry changes from the CLI, the admin listener or another broker instance on the same
  // store reach this broker within one poll, without a restart.
  watcher_ = std::make_unique<RegistryWatcher>(
      *store_, registry_, std::chrono::milliseconds(config_.registry_poll_ms), std::cerr);
  AuditWriterOptions audit;
  audit.record_timeout = std::chrono::milliseconds(config_.audit_timeout_ms);
  audit_ = std::make_unique<BatchingAuditWriter>(*store_, audit, std::cerr);
  schemas_ = std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadDirectory(config_.xsd_dir));

  CurlForwarderOptions forwarding;
  forwarding.connect_timeout_ms = config_.connect_timeout_ms;
  forwarding.total_timeout_ms = config_.timeout_ms;
  forwarding.max_response_bytes = config_.max_response_bytes;
  forwarder_ = std::make_unique<CurlForwarder>(forwarding);
  ReceiverLimits receiver_limits;
  receiver_limits.max_concurrent = config_.max_concurrent_per_receiver;
  receiver_limits.max_queued = config_.max_queued_per_receiver;
  receiver_limits.breaker_failures = config_.breaker_failures;
  receiver_limits.breaker_open_ms = config_.breaker_open_ms;
  receiver_guards_ = std::make_unique<ReceiverGuards>(receiver_limits);
  // Forwarding is synchronous: a caller in flight or queued for a receiver holds a worker. Only
  // when one receiver's share stays below the pool does a stuck unit leave workers for others.
  if (config_.max_concurrent_per_receiver + config_.max_queued_per_receiver >= config_.workers) {
    std::cerr << "renkei: warning: <forwarding maxConcurrentPerReceiver + maxQueuedPerReceiver> ("
              << config_.max_concurrent_per_receiver + config_.max_queued_per_receiver
              << ") is not below <listen workers> (" << config_.workers
              << "): one unit that stops answering can hold every worker\n";
  }

  xml::ParserLimits limits;
  limits.max_bytes = config_.max_message_bytes;
  limits.max_depth = config_.max_depth;
  limits.max_attributes = config_.max_attributes;
  limits.validate = config_.validate_messages;
  if (!limits.validate) {
    std::cerr << "renkei: warning: message validation is off (<schemas validate=\"false\">); "
                 "use this only to measure what validation costs\n";
  }
  // Always built: without <signatures> it trusts no CA, so a signed message is refused
  // (Client.CertificateRejected) rather than routed as if its signature had been checked.
  try {
    signature_verifier_ = wssec::XsecSignatureVerifier::fromConfig(config_.signatures);
    if (!config_.signatures.broker_key_file.empty()) {
      broker_signer_ = wssec::BrokerSigner::fromFiles(config_.signatures.broker_key_file,
                                                      config_.signatures.broker_cert_file);
    }
  } catch (const std::runtime_error& e) {
    throw ConfigError(config_.source_file + ": element signatures: " + e.what());
  }
  PipelineParts parts{*schemas_,         limits,
                      registry_,         *forwarder_,
                      *receiver_guards_, std::chrono::milliseconds(config_.timeout_ms),
                      audit_.get()};
  parts.signatures = signature_verifier_.get();
  parts.broker_signer = broker_signer_.get();
  pipeline_ = std::make_unique<Pipeline>(buildBrokerStages(parts), *audit_);

  publisher_ = std::make_unique<WsdlPublisher>(config_.wsdl_dir, config_.xsd_dir,
                                               registry_.snapshot().services);
  allowed_services_ =
      std::make_unique<AllowedServicesEndpoint>(*schemas_, limits, registry_, utcDateToday);
  handler_ = std::make_unique<BrokerHandler>(*pipeline_, *publisher_, *allowed_services_, *audit_);

  HttpServerOptions http;
  http.host = config_.listen_host;
  http.port = config_.listen_port;
  http.worker_threads = config_.workers;
  http.queue_capacity = config_.queue_capacity;
  http.idle_timeout_s = config_.idle_timeout_s;
  http.request_timeout_ms = config_.request_timeout_ms;
  http.max_queue_wait_ms = config_.max_queue_wait_ms;
  http.max_connections = config_.max_connections;
  http.max_connections_per_peer = config_.max_connections_per_peer;
  // The engine refuses only what is far too large to be worth reading; anything a little over
  // the limit still reaches the parse stage, which answers with a precise fault.
  http.max_body_bytes = config_.max_message_bytes * 2 + 64 * 1024;
  server_ = std::make_unique<HttpServer>(http, *handler_);

  if (config_.admin_enabled) {
    admin::AdminServerOptions admin;
    admin.host = config_.admin_host;
    admin.port = config_.admin_port;
    admin.idle_timeout_s = config_.idle_timeout_s;
    admin.web.wsdl_dir = config_.wsdl_dir;
    admin.web.xsd_dir = config_.xsd_dir;
    admin_ = std::make_unique<admin::AdminServer>(admin, *store_, registry_);
  }
}

BrokerRuntime::~BrokerRuntime() { stop(); }

void BrokerRuntime::start() {
  // The watcher first: the registry is current before the first message is accepted.
  watcher_->start();
  server_->start();
  if (admin_) admin_->start();
}

void BrokerRuntime::stop() {
  if (admin_) admin_->stop();
  if (server_) server_->stop();
  if (watcher_) watcher_->stop();
  if (audit_) audit_->stop();
}

}  // namespace renkei

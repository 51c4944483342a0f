#include "broker/server/broker_runtime.h"

#include "broker/server/pipeline_builder.h"
#include "broker/store/store_factory.h"

namespace renkei {

BrokerRuntime::BrokerRuntime(BrokerConfig config) : config_(std::move(config)) {
  store_ = openStore(config_);
  store_->seedRegistry(config_.registry);
  registry_.reload(*store_);
  audit_ = std::make_unique<BatchingAuditWriter>(*store_);
  schemas_ = std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadDirectory(config_.xsd_dir));

  CurlForwarderOptions forwarding;
  forwarding.connect_timeout_ms = config_.connect_timeout_ms;
  forwarding.total_timeout_ms = config_.timeout_ms;
  forwarding.max_response_bytes = config_.max_response_bytes;
  forwarder_ = std::make_unique<CurlForwarder>(forwarding);

  xml::ParserLimits limits;
  limits.max_bytes = config_.max_message_bytes;
  limits.max_depth = config_.max_depth;
  limits.max_attributes = config_.max_attributes;
  pipeline_ = std::make_unique<Pipeline>(
      buildBrokerStages(PipelineParts{*schemas_, limits, registry_, *forwarder_}), *audit_);

  publisher_ = std::make_unique<WsdlPublisher>(config_.wsdl_dir, config_.xsd_dir,
                                               registry_.snapshot().services);
  handler_ = std::make_unique<BrokerHandler>(*pipeline_, *publisher_);

  HttpServerOptions http;
  http.host = config_.listen_host;
  http.port = config_.listen_port;
  http.worker_threads = config_.workers;
  http.queue_capacity = config_.queue_capacity;
  http.idle_timeout_s = config_.idle_timeout_s;
  // The engine refuses only what is far too large to be worth reading; anything a little over
  // the limit still reaches the parse stage, which answers with a precise fault.
  http.max_body_bytes = config_.max_message_bytes * 2 + 64 * 1024;
  server_ = std::make_unique<SoapHttpServer>(http, *handler_);
}

BrokerRuntime::~BrokerRuntime() { stop(); }

void BrokerRuntime::start() { server_->start(); }

void BrokerRuntime::stop() {
  if (server_) server_->stop();
  if (audit_) audit_->stop();
}

}  // namespace renkei

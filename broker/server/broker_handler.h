#pragma once
// The broker's answer to HTTP: POSTs go through the pipeline, except the units' registry question
// (POST /registry, AllowedServicesEndpoint); GETs publish WSDL/XSD and health.
//
// Overload refusals are not audited one by one: they are answered on the event loop, which must
// never wait for the store, and under a flood a record each would add store load exactly when
// the broker is shedding it. They are counted (HttpServerStats::overloaded) instead; an overload
// refusal carries no message that was read, so no exchange goes unrecorded.
#include "broker/audit/audit_sink.h"
#include "broker/core/pipeline.h"
#include "broker/server/allowed_services_endpoint.h"
#include "broker/server/request_handler.h"
#include "broker/server/wsdl_publisher.h"

namespace renkei {

class BrokerHandler : public RequestHandler {
 public:
  // `audit` answers /healthz: the broker is healthy while it can audit, i.e. forward at all.
  BrokerHandler(Pipeline& pipeline, const WsdlPublisher& publisher,
                const AllowedServicesEndpoint& allowed_services, const AuditSink& audit);
  HttpReply handlePost(HttpRequest request) override;
  HttpReply handleGet(const std::string& path, const std::string& host) override;
  HttpReply refuse(FaultCode code, const std::string& reason, const HttpRequest& request) override;
  HttpReply overloaded(const HttpRequest& request) override;

 private:
  Pipeline& pipeline_;
  const WsdlPublisher& publisher_;
  const AllowedServicesEndpoint& allowed_services_;
  const AuditSink& audit_;
};

}  // namespace renkei

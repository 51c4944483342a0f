#pragma once
// The broker's answer to HTTP: POSTs go through the pipeline, except the units' registry question
// (POST /registry, AllowedServicesEndpoint) and the REST/JSON bridge (/api/v1/, adapters/rest);
// GETs publish WSDL/XSD, the bridge's OpenAPI document and health. All of them come
// from the serving generation current when the request is handed over (ServingSlot), so a
// configuration reload applies from the next request on, on connections already open too.
//
// Overload refusals are not audited one by one: they are answered on the event loop, which must
// never wait for the store, and under a flood a record each would add store load exactly when
// the broker is shedding it. They are counted (HttpServerStats::overloaded) instead; an overload
// refusal carries no message that was read, so no exchange goes unrecorded.
#include "broker/core/audit_sink.h"
#include "broker/server/request_handler.h"
#include "broker/server/serving_slot.h"

namespace renkei {

class BrokerHandler : public RequestHandler {
 public:
  // `audit` answers /healthz: the broker is healthy while it can audit, i.e. forward at all.
  BrokerHandler(const ServingSlot& serving, const AuditSink& audit);
  HttpReply handlePost(HttpRequest request) override;
  void handlePostThen(HttpRequest request, const ReplyDone& done) override;
  HttpReply handleGet(const std::string& path, const std::string& host) override;
  HttpReply refuse(FaultCode code, const std::string& reason, const HttpRequest& request) override;
  HttpReply overloaded(const HttpRequest& request) override;

 private:
  const ServingSlot& serving_;
  const AuditSink& audit_;
};

}  // namespace renkei

#include "broker/server/broker_handler.h"

#include "broker/core/soap_fault_writer.h"
#include "broker/core/soap_version.h"

namespace renkei {

BrokerHandler::BrokerHandler(const ServingSlot& serving, const AuditSink& audit)
    : serving_(serving), audit_(audit) {}

HttpReply BrokerHandler::handlePost(HttpRequest request) {
  // Held until the reply is made: a reload meanwhile frees this generation only afterwards.
  const std::shared_ptr<ServingGeneration> serving = serving_.current();
  if (request.path == AllowedServicesEndpoint::kPath) {
    return serving->allowed_services->handle(request);
  }
  return serving->pipeline->run(std::move(request));
}

HttpReply BrokerHandler::handleGet(const std::string& path, const std::string& host) {
  if (auto published = serving_.current()->publisher->serve(path, host)) return *published;
  HttpReply reply;
  reply.content_type = "text/plain; charset=utf-8";
  if (path == "/healthz") {
    // A load balancer should send traffic elsewhere while this broker refuses every exchange.
    if (!audit_.healthy()) {
      reply.status = 503;
      reply.body = "unavailable: the audit trail cannot be written; exchanges are refused\n";
      return reply;
    }
    reply.body = "ok\n";
    return reply;
  }
  reply.status = 404;
  reply.body = "not found: " + path +
               "\nPOST SOAP messages to /services/<Service>; GET /services/<Service>?wsdl for "
               "descriptions; POST ListAllowedServices to /registry for what a unit may call.\n";
  return reply;
}

HttpReply BrokerHandler::refuse(FaultCode code, const std::string& reason,
                                const HttpRequest& request) {
  return serving_.current()->pipeline->refuse(faultOf(code, reason), request);
}

HttpReply BrokerHandler::overloaded(const HttpRequest& request) {
  const SoapVersion version =
      soapVersionForContentType(request.content_type).value_or(SoapVersion::k11);
  return soapFaultReply(version,
                        faultOf(FaultCode::kOverloaded,
                                "the broker is at its concurrency limit; retry after a second"),
                        "");
}

}  // namespace renkei

#include "broker/server/broker_handler.h"

namespace renkei {

BrokerHandler::BrokerHandler(Pipeline& pipeline, const WsdlPublisher& publisher,
                             const AllowedServicesEndpoint& allowed_services)
    : pipeline_(pipeline), publisher_(publisher), allowed_services_(allowed_services) {}

HttpReply BrokerHandler::handlePost(const HttpRequest& request) {
  if (request.path == AllowedServicesEndpoint::kPath) return allowed_services_.handle(request);
  return pipeline_.run(request);
}

HttpReply BrokerHandler::handleGet(const std::string& path, const std::string& host) {
  if (auto published = publisher_.serve(path, host)) return *published;
  HttpReply reply;
  reply.content_type = "text/plain; charset=utf-8";
  if (path == "/healthz") {
    reply.body = "ok\n";
    return reply;
  }
  reply.status = 404;
  reply.body = "not found: " + path +
               "\nPOST SOAP messages to /services/<Service>; GET /services/<Service>?wsdl for "
               "descriptions; POST ListAllowedServices to /registry for what a unit may call.\n";
  return reply;
}

HttpReply BrokerHandler::refuse(FaultCode code) { return pipeline_.refuse(code, ""); }

}  // namespace renkei

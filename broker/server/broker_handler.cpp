#include "broker/server/broker_handler.h"

namespace renkei {

BrokerHandler::BrokerHandler(Pipeline& pipeline, const WsdlPublisher& publisher)
    : pipeline_(pipeline), publisher_(publisher) {}

HttpReply BrokerHandler::handlePost(const HttpRequest& request) { return pipeline_.run(request); }

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
               "descriptions.\n";
  return reply;
}

HttpReply BrokerHandler::refuse(FaultCode code) { return pipeline_.refuse(code, ""); }

}  // namespace renkei

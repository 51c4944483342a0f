#include "broker/server/broker_handler.h"

#include "adapters/rest/problem_details.h"
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
  if (request.path.rfind(rest::kApiPrefix, 0) == 0) {
    if (!serving->rest) return rest::restNotConfigured();
    return serving->rest->handlePost(std::move(request), *serving->pipeline);
  }
  return serving->pipeline->run(std::move(request));
}

void BrokerHandler::handlePostThen(HttpRequest request, const ReplyDone& done) {
  std::shared_ptr<ServingGeneration> serving = serving_.current();
  // Exchanges whose answer is archived finish on this thread: files are not written on the
  // audit writer's. The registry and REST paths answer as handlePost does.
  if (serving->pipeline->archives() || request.path == AllowedServicesEndpoint::kPath ||
      request.path.rfind(rest::kApiPrefix, 0) == 0) {
    HttpReply reply = handlePost(std::move(request));
    done(std::move(reply));
    return;
  }
  Pipeline& pipeline = *serving->pipeline;
  // The generation is held until the reply is made, as in handlePost.
  pipeline.runThen(std::move(request), [serving = std::move(serving), done](HttpReply reply) {
    done(std::move(reply));
  });
}

HttpReply BrokerHandler::handleGet(const std::string& path, const std::string& host) {
  const std::shared_ptr<ServingGeneration> serving = serving_.current();
  if (auto published = serving->publisher->serve(path, host)) return *published;
  if (path.rfind(rest::kApiPrefix, 0) == 0) {
    if (!serving->rest) return rest::restNotConfigured();
    if (path == rest::kOpenApiPath) return serving->rest->openApi();
    HttpReply reply = rest::restNotConfigured();
    reply.status = 405;
    reply.body =
        "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
        "\"detail\":\"POST JSON to /api/v1/{service}; GET /api/v1/openapi.json\"}";
    return reply;
  }
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
  HttpReply reply = serving_.current()->pipeline->refuse(faultOf(code, reason), request);
  // A REST caller reads problem details, not a SOAP Fault, whatever the refusal.
  if (request.path.rfind(rest::kApiPrefix, 0) == 0 && reply.fault) {
    return rest::problemReply(*reply.fault, "");
  }
  return reply;
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

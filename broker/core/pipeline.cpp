#include "broker/core/pipeline.h"

#include <exception>

#include "broker/core/exchange_audit.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/core/soap_version.h"

namespace renkei {
namespace {

HttpReply faultReply(const Exchange& exchange) {
  return soapFaultReply(exchange.soap_version, *exchange.fault,
                        exchange.header ? exchange.header->message_id : "");
}

}  // namespace

Pipeline::Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit)
    : stages_(std::move(stages)), audit_(audit) {}

HttpReply Pipeline::run(HttpRequest request) {
  Exchange exchange;
  exchange.started = request.received_at;
  exchange.request = std::move(request);
  for (auto& stage : stages_) {
    try {
      StageResult result = stage->process(exchange);
      if (!result.ok()) {
        exchange.fault = *result.fault();
        break;
      }
    } catch (const std::exception& e) {
      // A stage bug must cost one exchange a Server.Internal fault, never the broker.
      exchange.fault =
          faultOf(FaultCode::kInternal, std::string(stage->name()) + " failed: " + e.what());
      break;
    }
  }
  return finish(exchange);
}

HttpReply Pipeline::refuse(FaultInfo fault, HttpRequest request) {
  Exchange exchange;
  exchange.started = request.received_at;
  exchange.soap_version =
      soapVersionForContentType(request.content_type).value_or(SoapVersion::k11);
  exchange.request = std::move(request);
  exchange.fault = std::move(fault);
  return finish(exchange);
}

HttpReply Pipeline::finish(Exchange& exchange) {
  HttpReply reply;
  if (exchange.fault) {
    reply = faultReply(exchange);
  } else {
    reply.status = exchange.response_http_status;
    reply.content_type = exchange.response_content_type;
    reply.body = std::move(exchange.response_body);
  }
  try {
    audit_.record(auditRecordOf(exchange, reply));
  } catch (const std::exception& e) {
    // Without its audit record an exchange must not be acknowledged as routed.
    exchange.fault =
        faultOf(FaultCode::kInternal, std::string("audit trail unavailable: ") + e.what());
    return faultReply(exchange);
  }
  return reply;
}

}  // namespace renkei

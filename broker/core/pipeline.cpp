#include "broker/core/pipeline.h"

#include <exception>
#include <iostream>
#include <optional>

#include "broker/core/exchange_audit.h"
#include "broker/core/my_number.h"
#include "broker/core/sensitive_values.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/core/soap_version.h"

namespace renkei {
namespace {

HttpReply faultReply(const Exchange& exchange) {
  return soapFaultReply(exchange.soap_version, *exchange.fault,
                        exchange.header ? exchange.header->message_id : "");
}

// What the caller is told when its exchange's record cannot be made durable in time. Fixed
// wording: store errors name the store's host, port and user, and stay in the broker's log. The
// table's wording says nothing was forwarded; when something was, say so honestly.
HttpReply auditUnavailableReply(const Exchange& exchange) {
  const auto fault = faultOf(
      FaultCode::kAuditUnavailable,
      exchange.forwarded ? "The audit trail could not be written in time; the receiving unit may "
                           "have processed the request, but its answer is withheld. Retry later."
                         : std::string(faultSpec(FaultCode::kAuditUnavailable).meaning));
  return soapFaultReply(exchange.soap_version, fault,
                        exchange.header ? exchange.header->message_id : "");
}

}  // namespace

Pipeline::Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit,
                   archive::ExchangeArchive* archive)
    : stages_(std::move(stages)), audit_(audit), archive_(archive) {}

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
      // A stage bug must cost one exchange a Server.Internal fault, never the broker. The
      // exception's text may name internal addresses: it goes to the log, not to the caller.
      std::cerr << "renkei: stage " << stage->name()
                << " failed: " << maskSensitive(e.what(), exchange.sensitive_values) << std::endl;
      exchange.fault = faultOf(FaultCode::kInternal, std::string(stage->name()) +
                                                         " failed; the broker's log has details");
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
  if (exchange.fault && !exchange.sensitive_values.empty()) {
    // Reasons may quote the message (a header value, a validation message): what the
    // deployment declared sensitive never leaves in them, to the caller or into the trail.
    exchange.fault->reason = maskSensitive(exchange.fault->reason, exchange.sensitive_values);
    exchange.fault->element_path =
        maskSensitive(exchange.fault->element_path, exchange.sensitive_values);
  }
  if (exchange.fault) {
    reply = faultReply(exchange);
  } else {
    reply.status = exchange.response_http_status;
    reply.content_type = exchange.response_content_type;
    reply.body = std::move(exchange.response_body);
  }
  AuditRecord record = auditRecordOf(exchange, reply);
  // Taken before the record goes to the trail, so archive and trail name the same time.
  std::optional<archive::ArchiveMeta> archived;
  if (archive_ != nullptr && !exchange.request.body.empty()) {
    archived = archive::archiveMetaOf(record);
  }
  if (!recordAudit(exchange, std::move(record))) {
    // Without its audit record an exchange must not be acknowledged.
    reply = auditUnavailableReply(exchange);
    if (archived) {
      archived->outcome = "failed";
      archived->fault_code = std::string(faultSpec(FaultCode::kAuditUnavailable).name);
    }
  }
  // After the trail, with what the caller is actually answered. Never throws, never changes
  // the answer: the archive is best-effort, its failures are its own log's (exchange_archive.h).
  if (archived) archive_->keep(std::move(*archived), exchange.request.body, reply.body);
  return reply;
}

bool Pipeline::recordAudit(const Exchange& exchange, AuditRecord record) {
  // The trail keeps what the caller is then told, so the two always agree. Made only when
  // needed; rendering the reply twice gives the same bytes, so the record and the reply match.
  try {
    audit_.record(std::move(record), [&](const AuditRecord& original) {
      return unavailableRecordOf(original, auditUnavailableReply(exchange));
    });
    return true;
  } catch (const AuditUnavailableError&) {
    return false;
  } catch (const std::exception& e) {
    std::cerr << "renkei: audit record failed: "
              << maskSensitive(e.what(), exchange.sensitive_values) << std::endl;
    return false;
  }
}

}  // namespace renkei

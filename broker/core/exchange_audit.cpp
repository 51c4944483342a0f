#include "broker/core/exchange_audit.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "broker/core/digest.h"
#include "broker/core/sensitive_values.h"
#include "broker/core/utc_timestamp.h"

namespace renkei {

AuditRecord auditRecordOf(const Exchange& exchange, const HttpReply& reply) {
  AuditRecord record;
  record.time = utcTimestampMsNow();
  if (exchange.header) {
    // The header check has fixed the shape of these (a UUID, unit ids, a purpose code): none can
    // carry a 個人番号, and they are the evidence, so they are kept exactly as sent.
    const PlatformHeader& h = *exchange.header;
    record.message_id = h.message_id;
    record.sender = h.sender;
    record.receiver = h.receiver;
    record.service = h.service_name + ":" + h.service_version;
    record.purpose = h.purpose_code;
    // Free text typed by people: a 個人番号 in it, or a value the deployment declared sensitive,
    // would otherwise be kept forever.
    record.operator_id = maskSensitive(h.user_id, exchange.sensitive_values);
    record.case_reference = maskSensitive(h.case_reference, exchange.sensitive_values);
  }
  record.peer_address = exchange.request.peer;
  record.authenticated_unit = exchange.authenticated_unit;
  if (exchange.link) record.link_id = exchange.link->id;
  if (!exchange.fault) {
    record.outcome = "routed";
  } else {
    const FaultCodeSpec& spec = faultSpec(exchange.fault->code);
    record.outcome = spec.sender_fault ? "refused" : "failed";
    record.fault_code = std::string(spec.name);
  }
  record.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - exchange.started)
                          .count();
  record.request_sha256 = sha256Hex(exchange.request.body);
  record.response_sha256 = sha256Hex(reply.body);
  return record;
}

AuditRecord unavailableRecordOf(const AuditRecord& record, const HttpReply& reply) {
  AuditRecord unavailable = record;
  unavailable.outcome = "failed";
  unavailable.fault_code = std::string(faultSpec(FaultCode::kAuditUnavailable).name);
  unavailable.response_sha256 = sha256Hex(reply.body);
  return unavailable;
}

}  // namespace renkei

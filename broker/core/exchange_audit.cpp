#include "broker/core/exchange_audit.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "broker/core/digest.h"
#include "broker/core/sensitive_values.h"

namespace renkei {
namespace {

std::string utcNowIso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];  // room for any int the compiler imagines, so no truncation warning
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(millis));
  return buf;
}

}  // namespace

AuditRecord auditRecordOf(const Exchange& exchange, const HttpReply& reply) {
  AuditRecord record;
  record.time = utcNowIso();
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

#include "broker/core/exchange_observer.h"

namespace renkei {

std::string_view exchangeOutcome(const Exchange& exchange) {
  if (!exchange.fault) return exchange.unit_fault ? "fault" : "routed";
  // As the audit record decides it (exchange_audit.cpp): the sender's fault is a refusal.
  return faultSpec(exchange.fault->code).sender_fault ? "refused" : "failed";
}

std::string_view stageLabel(std::string_view stage_name) {
  if (stage_name == "header_check") return "header";
  if (stage_name == "audit-ready") return "audit_ready";
  return stage_name;
}

}  // namespace renkei

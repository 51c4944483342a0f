#pragma once
// Shared by the tests of BatchingAuditWriter against a store that goes away: what a caller
// answered Server.AuditUnavailable is recorded as, short bounds so outages take milliseconds,
// and a bounded wait for the writer to recover by itself.
#include <chrono>
#include <functional>
#include <thread>

#include "broker/audit/batching_audit_writer.h"

namespace renkei::test_support {

inline AuditRecord unavailableOf(AuditRecord record) {
  record.outcome = "failed";
  record.fault_code = "Server.AuditUnavailable";
  return record;
}

inline AuditWriterOptions fastWriterOptions() {
  AuditWriterOptions options;
  options.record_timeout = std::chrono::milliseconds(300);
  options.probe_interval = std::chrono::milliseconds(50);
  return options;
}

inline bool waitFor(const std::function<bool()>& condition,
                    std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace renkei::test_support

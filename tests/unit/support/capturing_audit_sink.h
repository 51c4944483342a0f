#pragma once
// An audit sink that keeps every record in memory, durable at once: for tests of the pipeline
// alone, which read what would have gone into the trail.
#include <vector>

#include "broker/core/audit_sink.h"

namespace renkei::test_support {

class CapturingSink : public AuditSink {
 public:
  using AuditSink::record;
  void record(AuditRecord record, const UnavailableRecord&) override {
    records.push_back(std::move(record));
  }
  bool healthy() const override { return true; }
  std::vector<AuditRecord> records;
};

}  // namespace renkei::test_support

#pragma once
// Where the pipeline hands each exchange's record. record() returns only once the record is
// durable, so an acknowledged exchange is always in the trail.
#include "broker/audit/audit_record.h"

namespace renkei {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Blocks until the record is committed. Throws StoreError if it could not be written.
  virtual void record(AuditRecord record) = 0;
};

}  // namespace renkei

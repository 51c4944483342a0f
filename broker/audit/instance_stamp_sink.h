#pragma once
// Stamps every record with the broker instance that handled it, then hands it on. Several
// instances share one chain on PostgreSQL; the trail must say which one acted.
#include <string>
#include <utility>

#include "broker/core/audit_sink.h"

namespace renkei {

class InstanceStampSink : public AuditSink {
 public:
  using AuditSink::record;
  InstanceStampSink(AuditSink& next, std::string instance_id)
      : next_(next), instance_id_(std::move(instance_id)) {}

  // The record that replaces this one when it cannot be made durable is made from the stamped
  // record, so it carries the instance too.
  void record(AuditRecord record, const UnavailableRecord& if_unavailable) override {
    record.instance_id = instance_id_;
    next_.record(std::move(record), if_unavailable);
  }
  void recordThen(AuditRecord record, UnavailableRecord if_unavailable, Settled settled) override {
    record.instance_id = instance_id_;
    next_.recordThen(std::move(record), std::move(if_unavailable), std::move(settled));
  }
  bool healthy() const override { return next_.healthy(); }

 private:
  AuditSink& next_;
  std::string instance_id_;
};

}  // namespace renkei

#pragma once
// Nothing is forwarded that cannot be audited: placed just before forward, this stage refuses
// with Server.AuditUnavailable while the audit sink reports the store unreachable, so no unit is
// called (and no answer thrown away) during a database outage. The sink's own probe brings it
// back; this stage only reads the flag, without a lock, so it costs nothing per exchange.
#include <string_view>

#include "broker/core/audit_sink.h"
#include "broker/core/stage.h"

namespace renkei {

class AuditReadyStage : public Stage {
 public:
  explicit AuditReadyStage(const AuditSink& audit) : audit_(audit) {}
  std::string_view name() const override { return "audit-ready"; }
  StageResult process(Exchange& exchange) override;

 private:
  const AuditSink& audit_;
};

}  // namespace renkei

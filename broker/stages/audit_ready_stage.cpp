#include "broker/stages/audit_ready_stage.h"

#include <string>

namespace renkei {

StageResult AuditReadyStage::process(Exchange&) {
  if (audit_.healthy()) return StageResult::proceed();
  // Fixed wording: the store's error (host, port, user) is in the broker's log, not here.
  return StageResult::refuse(FaultCode::kAuditUnavailable,
                             std::string(faultSpec(FaultCode::kAuditUnavailable).meaning));
}

}  // namespace renkei

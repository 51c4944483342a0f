#include "broker/stages/authenticate_stage.h"

#include "broker/registry/caller_authentication.h"

namespace renkei {

StageResult AuthenticateStage::process(Exchange& exchange) {
  if (!exchange.header) {
    return StageResult::refuse(FaultCode::kInternal, "authenticate ran before the header check");
  }
  CallerAuthentication caller = authenticateCaller(
      identities_, exchange.request, exchange.header->sender, exchange.signed_by_unit);
  if (!caller.ok) return StageResult::refuse(std::move(caller.fault));
  exchange.authenticated_unit = std::move(caller.unit);
  return StageResult::proceed();
}

}  // namespace renkei

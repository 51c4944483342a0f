#include "broker/stages/route_stage.h"

namespace renkei {

StageResult RouteStage::process(Exchange& exchange) {
  if (!exchange.receiver) {
    return StageResult::refuse(FaultCode::kInternal, "route reached without a resolved receiver");
  }
  const UnitIdentity* identity = identities_.forUnit(exchange.receiver->id);
  if (identity == nullptr || identity->policy != ConnectionPolicy::kPeer) {
    return StageResult::proceed();
  }
  if (!exchange.request.via_peer.empty()) {
    return StageResult::refuse(FaultCode::kPeerUnavailable,
                               "receiver " + exchange.receiver->id + " is hosted by peer " +
                                   identity->peer +
                                   ", not by this broker: brokers do not relay "
                                   "exchanges between peers");
  }
  exchange.receiver_peer = identity->peer;
  return StageResult::proceed();
}

}  // namespace renkei

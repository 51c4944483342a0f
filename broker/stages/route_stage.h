#pragma once
// Route: after authorization, decide where the exchange goes. A receiver hosted by a federation
// peer (its identity's policy is kPeer) is reached over the peer transport, every other one at
// its own endpoint. A request that arrived from a peer must end here: brokers do not relay for
// each other, so a loop between two misconfigured directories cannot form.
#include "broker/core/stage.h"
#include "broker/registry/unit_identity.h"

namespace renkei {

class RouteStage : public Stage {
 public:
  explicit RouteStage(const UnitIdentities& identities) : identities_(identities) {}
  std::string_view name() const override { return "route"; }
  StageResult process(Exchange& exchange) override;

 private:
  const UnitIdentities& identities_;
};

}  // namespace renkei

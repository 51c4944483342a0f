#pragma once
// Authenticate: the header's sender must be the unit the caller proved to be (its client
// certificate, or the plain policy on loopback). Runs right after the header check, before
// anything looks at the service or the registry's links, so an unauthenticated caller learns
// nothing about them. Sets exchange.authenticated_unit for the audit record.
#include "broker/core/stage.h"
#include "broker/registry/unit_identity.h"

namespace renkei {

class AuthenticateStage : public Stage {
 public:
  explicit AuthenticateStage(const UnitIdentities& identities) : identities_(identities) {}
  std::string_view name() const override { return "authenticate"; }
  StageResult process(Exchange& exchange) override;

 private:
  const UnitIdentities& identities_;
};

}  // namespace renkei

#pragma once
// Who the caller is, decided from what the listener saw (peer address, verified client
// certificate) and the unit policies, never from the message alone. Used by the authenticate
// stage and by ListAllowedServices on the unit-facing listener, so both answer alike.
//
// Refusals to a caller that has not authenticated say the same thing whether the unit it names
// exists or not, and name no endpoint: the unit list must not be discoverable by asking.
#include <optional>
#include <string>

#include "broker/core/exchange.h"
#include "broker/registry/unit_identity.h"

namespace renkei {

struct CallerAuthentication {
  bool ok = false;
  std::string unit;  // when ok: the authenticated unit (equals the claim)
  FaultInfo fault;   // when !ok: Client.Unauthenticated or Client.SenderMismatch
};

// `claimed_unit` is who the message says it comes from (the header's Sender, or the UnitId of
// ListAllowedServices). `signed_by_unit` is the unit whose verified WS-Security signature the
// message carries (the signature stage), if any: what a `signed` unit proves itself with.
CallerAuthentication authenticateCaller(
    const UnitIdentities& identities, const HttpRequest& request, const std::string& claimed_unit,
    const std::optional<std::string>& signed_by_unit = std::nullopt);

// 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104: addresses only this machine can connect from.
bool isLoopbackAddress(const std::string& ip);

}  // namespace renkei

#pragma once
// The SOAP 1.1 envelope the bridge puts a REST call into: the platform header (fresh message
// id and timestamp, the JWT's unit as sender) and the body element made from the JSON. From
// here on the call is a platform message like any other.
#include <string>

#include "broker/core/platform_header.h"

namespace renkei::rest {

// A call without a client assertion gets a random MessageId (newRandomUuid, in core).
// The MessageId of the call a client assertion (`jti`) authorizes: a name-based UUID (version
// 8, RFC 9562) of the unit and the jti, so the broker's replay guard — shared by every instance
// on a PostgreSQL store, rebuilt from the audit trail after a restart — refuses a replayed
// token as Client.DuplicateMessage, which the verifier's own per-process set cannot.
std::string jtiMessageId(const std::string& unit, const std::string& jti);

std::string platformEnvelope(const PlatformHeader& header, const std::string& body_xml);

}  // namespace renkei::rest

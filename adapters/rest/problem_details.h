#pragma once
// Refusals to REST callers as RFC 9457 problem details (application/problem+json), carrying the
// same stable platform fault code a SOAP caller gets in its Fault: "code" holds it, "type" is
// a URN made from it, "detail" the reason. A schema violation also says where: "pointer" (RFC
// 6901, into the caller's JSON) and the element path, line and column as the pipeline saw them.
#include "broker/core/exchange.h"
#include "broker/core/fault_code.h"

namespace renkei::rest {

// The HTTP status a REST caller gets for `code`: 401/403/404/415 where HTTP has a word for it,
// 502/504 for the receiver, otherwise the SOAP 1.2 binding's status.
int problemStatus(FaultCode code);

// `message_id` (may be empty) is the platform message's id, so the caller can quote it and the
// audit record can be found.
HttpReply problemReply(const FaultInfo& fault, const std::string& message_id);

// "/Envelope/Body/Root/A/B" -> "/A/B": the pipeline's element path as a pointer into the JSON.
std::string pointerFromElementPath(const std::string& element_path);

}  // namespace renkei::rest

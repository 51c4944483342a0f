#pragma once
// The SOAP 1.1 envelope the bridge puts a REST call into: the platform header (fresh message
// id and timestamp, the JWT's unit as sender) and the body element made from the JSON. From
// here on the call is a platform message like any other.
#include <string>

#include "broker/core/platform_header.h"

namespace renkei::rest {

std::string newMessageId();     // a random (version 4) UUID
std::string utcTimestampNow();  // xs:dateTime in UTC, e.g. 2026-12-02T10:15:42Z

std::string platformEnvelope(const PlatformHeader& header, const std::string& body_xml);

}  // namespace renkei::rest

#pragma once
// What both forwarders (CurlForwarder, PlainHttpForwarder) do alike with the headers of a
// forwarded request.
#include <string>

#include "broker/transport/http_forwarder.h"

namespace renkei {

// Header values come from the caller's request: a CR, LF or NUL would let it inject headers.
bool isSafeHeaderValue(const std::string& value);
// Whether Content-Type, SOAPAction and Authorization may all be sent; when not, the forward is
// refused (kError) with this wording.
bool hasSafeHeaders(const ForwardRequest& request);
inline constexpr char kUnsafeHeadersError[] =
    "Content-Type, SOAPAction or Authorization contains a line break";
// SOAP 1.1 wants the SOAPAction value quoted; one already quoted is sent as it is.
std::string quotedSoapAction(const std::string& action);

}  // namespace renkei

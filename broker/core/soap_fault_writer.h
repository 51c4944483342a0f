#pragma once
// Renders a platform refusal as a SOAP Fault in the caller's SOAP version, carrying the stable
// code both as the SOAP fault code and in a FaultDetail element (xsd/platform-fault.xsd).
#include <string>
#include <string_view>

#include "broker/core/exchange.h"
#include "broker/core/xml_escape.h"  // xmlEscape, for the callers that build faults by hand

namespace renkei {

std::string renderSoapFault(SoapVersion version, const FaultInfo& fault,
                            std::string_view message_id);
// The whole HTTP reply: the fault, its binding's status and content type.
HttpReply soapFaultReply(SoapVersion version, const FaultInfo& fault, std::string_view message_id);
int faultHttpStatus(SoapVersion version, FaultCode code);
const char* soapContentType(SoapVersion version);

}  // namespace renkei

#pragma once
// Which answers of a unit the forward stage may pass on: what SOAP allows (200, an empty 200 or
// 202 for one-way operations, and a SOAP Fault with 500, or 400 in SOAP 1.2).
#include <string>

#include "broker/core/exchange.h"
#include "broker/transport/http_forwarder.h"

namespace renkei {

// Why the answer cannot be passed on ("answered HTTP 404 ..."), or empty when it can. Expects an
// answer with outcome kAnswered; the wording names no address.
std::string rejectAnswer(const ForwardResult& answer, SoapVersion version);

}  // namespace renkei

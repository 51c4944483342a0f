#pragma once
// Whether a subscriber acknowledged its copy: HTTP 200 with a SOAP envelope whose body is the
// topic's declared response (e.g. juki:JuminIdoTsuchiUketsuke), valid against the schemas. A
// SOAP Fault, another status or a broken answer is a failed attempt, retried later: only an
// acknowledgement makes a copy done, and a done copy is never sent again.
#include <string>

#include "broker/core/fault_code.h"
#include "broker/core/registry_types.h"
#include "broker/transport/http_forwarder.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

struct DeliveryVerdict {
  bool acknowledged = false;
  FaultCode code = FaultCode::kInvalidResponse;  // when not acknowledged: for the audit record
  std::string error;  // fixed wording naming no address: stored with the delivery for operators
};

// Uses the calling thread's envelope scanner (not thread-safe otherwise).
DeliveryVerdict judgeDeliveryAnswer(const ForwardResult& answer, const ServiceDef& topic,
                                    const xml::SchemaSet& schemas, const xml::ParserLimits& limits);

}  // namespace renkei

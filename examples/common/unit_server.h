#pragma once
// The serving loop and the platform-header handling shared by the example units. This file is
// compiled once per unit against that unit's gSOAP-generated soapH.h (each unit has its own
// generated code), so it may use the generated hdr__PlatformHeader type.
#include "unit_options.h"

struct soap;

namespace renkei::examples {

// Binds, prints "listening on HOST:PORT", then serves (HTTP keep-alive, one thread per
// connection, bounded) until SIGTERM/SIGINT. Returns the process exit code.
int runUnitServer(const UnitOptions& options);

// Called first by every service operation: waits --delay-ms, checks the request carries a
// PlatformHeader and sets the reply header (new MessageId, CorrelationId = request MessageId,
// Sender/Receiver swapped, same service and purpose, Timestamp now). Returns SOAP_OK or a
// SOAP fault code already set on the context.
int beginReply(struct soap* soap);

}  // namespace renkei::examples

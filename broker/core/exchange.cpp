#include "broker/core/exchange.h"

#include "broker/xml/parsed_envelope.h"

namespace renkei {

// Out of line so that unique_ptr<xml::ParsedEnvelope> sees the complete type.
Exchange::Exchange() = default;
Exchange::~Exchange() = default;

}  // namespace renkei

#pragma once
// Writes the platform header block (xsd/platform-header.xsd) for the messages the broker and its
// adapters make themselves: 通知 receipts, REST calls put into SOAP, records of a file. One
// writer, so every one of them has the schema's element order and the same escaping.
#include <string>
#include <string_view>

#include "broker/core/platform_header.h"

namespace renkei {

// <prefix:PlatformHeader>…</prefix:PlatformHeader> with the fields in schema order; an empty
// field is left out (the schema makes CorrelationId, UserId and CaseReference optional; the
// others are required, so a caller that leaves one empty gets a message the broker refuses,
// naming it). The prefix must be declared for kPlatformHeaderNs by the enclosing element.
std::string renderPlatformHeader(const PlatformHeader& header, std::string_view prefix = "hdr");

}  // namespace renkei

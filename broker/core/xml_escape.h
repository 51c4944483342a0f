#pragma once
// Text written into XML by hand (faults, envelopes and bodies built from other formats), escaped
// for element content and double-quoted attribute values. Two flavours, because the two callers
// want different things from a character XML cannot carry:
#include <string>
#include <string_view>

namespace renkei {

// For the broker's own words (fault reasons quoting a caller's input): control characters XML
// 1.0 forbids are dropped, so the fault always parses.
std::string xmlEscape(std::string_view text);

// For a caller's data carried into a message (a JSON string, a fixed-width field): nothing is
// dropped or replaced, so a forbidden character makes the message fail validation with a clear
// fault instead of changing the data silently; a carriage return is written as "&#13;", which
// a parser would otherwise normalize to a line feed.
std::string xmlEscapeData(std::string_view text);

}  // namespace renkei

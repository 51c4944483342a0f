#pragma once
// Process-wide Xerces-C initialization and UTF-8 transcoding helpers.
#include <string>
#include <string_view>

#include <xercesc/util/XercesDefs.hpp>

namespace renkei::xml {

// Initializes Xerces exactly once per process. Xerces is never terminated: pooled grammars and
// per-thread parsers may outlive any single owner, and Terminate while threads parse is undefined.
void ensureXercesInitialized();

// XMLCh (UTF-16) to UTF-8. Unpaired surrogates are replaced rather than failing, so the result is
// always valid UTF-8 and safe to put in a fault reason or audit record. nullptr gives "".
std::string toUtf8(const XMLCh* text);

// UTF-8 to XMLCh. Invalid input yields an empty string (callers pass only trusted literals or
// text that already went through the parser).
std::u16string fromUtf8(std::string_view text);

// Convenience for comparisons against DOM strings.
bool equalsUtf8(const XMLCh* text, std::string_view utf8);

}  // namespace renkei::xml

#pragma once
// xml-security-c's process-wide state, initialized once after Xerces and never terminated, for
// the same reason as Xerces (broker/xml/xerces_runtime.h): worker threads may use it until exit.

namespace renkei::wssec {

void ensureXsecInitialized();

}  // namespace renkei::wssec

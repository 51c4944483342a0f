#include "broker/wssec/xsec_runtime.h"

#include <mutex>

#include <xsec/utils/XSECPlatformUtils.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::wssec {

void ensureXsecInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    xml::ensureXercesInitialized();
    XSECPlatformUtils::Initialise();
  });
}

}  // namespace renkei::wssec

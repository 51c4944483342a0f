#pragma once
// What checking a message's WS-Security header concluded: no header at all, a signer unit whose
// signature holds, or the fault that refuses the message.
#include <optional>
#include <string>

#include "broker/core/fault_code.h"

namespace renkei::wssec {

struct VerifyResult {
  bool signed_message = false;      // a wsse:Security header was present
  std::optional<std::string> unit;  // the unit whose certificate made a valid signature
  std::optional<FaultInfo> fault;   // why the signed message is refused

  static VerifyResult unsignedMessage() { return {}; }
  static VerifyResult verified(std::string unit_id) {
    VerifyResult r;
    r.signed_message = true;
    r.unit = std::move(unit_id);
    return r;
  }
  static VerifyResult refused(FaultCode code, std::string reason) {
    VerifyResult r;
    r.signed_message = true;
    r.fault = faultOf(code, std::move(reason));
    return r;
  }
};

}  // namespace renkei::wssec

#pragma once
// Right after the header check, for messages whose Receiver is the My Number gateway unit
// (<mynumber gatewayUnit>): a 個人番号 anywhere in the message (a text, an attribute, a comment,
// any byte of the markup) is refused with Client.PersonalNumberExposed before signature,
// authentication, validation or forwarding look at the message. (After the header check, not
// right after the parse: the refusal's audit record then names message id, sender, receiver.) The
// numbers found join exchange.sensitive_values, so the fault, the audit record, the access log and
// every log line mask them; the request body itself is masked before the audit digest and the
// archive see it (a SHA-256 of the original would let anyone who knows the rest of the message try
// the 10^11 candidates). Only in the chain when <mynumber> is configured.
#include <string>

#include "broker/core/stage.h"

namespace renkei {

class PersonalNumberGuardStage : public Stage {
 public:
  explicit PersonalNumberGuardStage(std::string gateway_unit)
      : gateway_unit_(std::move(gateway_unit)) {}
  std::string_view name() const override { return "personal_number_guard"; }
  StageResult process(Exchange& exchange) override;

 private:
  std::string gateway_unit_;
};

}  // namespace renkei

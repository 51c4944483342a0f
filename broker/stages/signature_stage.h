#pragma once
// Verifies the WS-Security signature of a message that carries one (after the header check, so
// the sender unit is known). A valid signature records its unit in exchange.signed_by_unit; an
// invalid one refuses the message with the verifier's own code. Unsigned messages pass
// untouched: whether a unit must sign is the connection policy's decision, not this stage's.
#include <string_view>

#include "broker/core/stage.h"
#include "broker/wssec/signature_verifier.h"
#include "broker/xml/envelope_facts.h"

namespace renkei {

// Whether soap:Header carries a wsse:Security block: only such a message has a signature to
// verify, and only then does this stage need the message's DOM (DomStage builds it).
bool carriesSecurityHeader(const xml::EnvelopeFacts& envelope);

class SignatureStage : public Stage {
 public:
  explicit SignatureStage(const wssec::SignatureVerifier& verifier) : verifier_(verifier) {}
  std::string_view name() const override { return "signature"; }
  StageResult process(Exchange& exchange) override;

 private:
  const wssec::SignatureVerifier& verifier_;
};

}  // namespace renkei

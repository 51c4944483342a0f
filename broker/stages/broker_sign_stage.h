#pragma once
// Broker signing, the last step before forward: the broker adds its own signed wsse:Security
// header (broker/wssec/broker_signer.h) and the forward stage sends that instead of the
// original bytes. Only in the chain when <signatures signKeyFile signCertFile> are configured.
#include <string_view>

#include "broker/core/stage.h"
#include "broker/wssec/broker_signer.h"

namespace renkei {

class BrokerSignStage : public Stage {
 public:
  explicit BrokerSignStage(const wssec::BrokerSigner& signer) : signer_(signer) {}
  std::string_view name() const override { return "broker_sign"; }
  StageResult process(Exchange& exchange) override;

 private:
  const wssec::BrokerSigner& signer_;
};

}  // namespace renkei

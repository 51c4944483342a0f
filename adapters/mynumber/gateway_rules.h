#pragma once
// The purpose rules as the gateway reads them: the current version of the table in the broker's
// store (renkei mynumber rules load), read at start and again every 30 s, so a new version
// takes effect without a restart. A check answers from the version read last.
#include <memory>
#include <string>

#include "adapters/mynumber/inquiry.h"

namespace renkei::mynumber {

class GatewayRules {
 public:
  virtual ~GatewayRules() = default;
  // Opens the store the broker configuration `config_path` names; throws std::runtime_error
  // with the reason when it cannot be read.
  static std::unique_ptr<GatewayRules> fromBrokerConfig(const std::string& config_path);
  virtual PurposeCheck check() = 0;
  // "version 3, 12 rules"
  virtual std::string describe() = 0;
};

}  // namespace renkei::mynumber

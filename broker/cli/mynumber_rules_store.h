#pragma once
// Opens the configured store (migrating it, as every CLI command does) and its purpose rules,
// runs `work` with them, and turns a store failure into one line and exit status 1.
#include <functional>

#include "broker/config/broker_config.h"
#include "broker/mynumber/purpose_rules_store.h"
#include "broker/store/store.h"

namespace renkei::cli {

int withRulesStore(const BrokerConfig& config,
                   const std::function<int(mynumber::PurposeRulesStore&)>& work);
// The same, for work that also needs the broker's store (who may change the rules).
int withRulesStore(const BrokerConfig& config,
                   const std::function<int(Store&, mynumber::PurposeRulesStore&)>& work);

}  // namespace renkei::cli

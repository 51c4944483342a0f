#pragma once
// Opens the purpose rules on the store the configuration names. The Store (store_factory.h)
// must have been opened first: its migrations create the tables.
#include <memory>

#include "broker/config/broker_config.h"
#include "broker/mynumber/purpose_rules_store.h"

namespace renkei::mynumber {

std::unique_ptr<PurposeRulesStore> openPurposeRulesStore(const BrokerConfig& config);

}  // namespace renkei::mynumber

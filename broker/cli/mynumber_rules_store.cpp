#include "broker/cli/mynumber_rules_store.h"

#include <iostream>

#include "broker/cli/links_support.h"
#include "broker/store/purpose_rules_store_factory.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

int withRulesStore(const BrokerConfig& config,
                   const std::function<int(mynumber::PurposeRulesStore&)>& work) {
  return withRulesStore(config,
                        [&](Store&, mynumber::PurposeRulesStore& rules) { return work(rules); });
}

int withRulesStore(const BrokerConfig& config,
                   const std::function<int(Store&, mynumber::PurposeRulesStore&)>& work) {
  try {
    auto store = openStore(config);  // its migrations create the purpose rules tables
    auto rules = mynumber::openPurposeRulesStore(config);
    return work(*store, *rules);
  } catch (const ConfigError& e) {
    std::cerr << "renkei: configuration error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "renkei: purpose rules in " << describeStore(config) << ": " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli

#include "broker/store/purpose_rules_store_factory.h"

#include "broker/store/postgres_purpose_rules_store.h"
#include "broker/store/sqlite_purpose_rules_store.h"

namespace renkei::mynumber {

std::unique_ptr<PurposeRulesStore> openPurposeRulesStore(const BrokerConfig& config) {
  if (config.store_kind == "sqlite") {
    return std::make_unique<SqlitePurposeRulesStore>(config.store_path);
  }
  if (config.store_kind == "postgresql") {
    return std::make_unique<PostgresPurposeRulesStore>(config.store_conninfo);
  }
  throw ConfigError(config.source_file + ": store kind '" + config.store_kind +
                    "' has no purpose rules in this build");
}

}  // namespace renkei::mynumber

#include "broker/store/store_factory.h"

#include "broker/store/postgres_connection.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_store.h"

namespace renkei {

namespace {

std::unique_ptr<Store> openConfiguredKind(const BrokerConfig& config) {
  if (config.store_kind == "sqlite") {
    auto store = std::make_unique<SqliteStore>(config.store_path);
    store->migrate();
    return store;
  }
  if (config.store_kind == "postgresql") {
    auto store = std::make_unique<PostgresStore>(config.store_conninfo);
    if (config.store_migrate_conninfo.empty()) {
      store->migrate();
    } else {
      migrateAsOwner(config, store->currentRole());
    }
    return store;
  }
  throw ConfigError(config.source_file + ": store kind '" + config.store_kind +
                    "' is not supported by this build");
}

}  // namespace

std::unique_ptr<Store> openStore(const BrokerConfig& config) {
  std::unique_ptr<Store> store = openConfiguredKind(config);
  // Every registry change made through this store (CLI, admin service, bulk, web view) is held
  // to the configuration's placeholder words.
  store->setGovernanceRules(config.governance);
  return store;
}

void migrateAsOwner(const BrokerConfig& config, const std::string& serving_role) {
  PostgresStore owner(config.store_migrate_conninfo, PostgresStoreOptions{1, 1});
  owner.migrate();
  // The same role for both (a configuration that names the owner twice) needs no grants.
  if (owner.currentRole() != serving_role) owner.grantServingRole(serving_role);
}

std::string describeStore(const BrokerConfig& config) {
  if (config.store_kind == "sqlite") return "sqlite:" + config.store_path;
  if (config.store_kind == "postgresql") return describePgServer(config.store_conninfo);
  return config.store_kind;
}

}  // namespace renkei

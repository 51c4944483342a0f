#include "broker/store/outbox_store_factory.h"

#include "broker/store/postgres_outbox_store.h"
#include "broker/store/sqlite_outbox_store.h"

namespace renkei {

std::unique_ptr<OutboxStore> openOutboxStore(const BrokerConfig& config) {
  if (config.store_kind == "sqlite") return std::make_unique<SqliteOutboxStore>(config.store_path);
  if (config.store_kind == "postgresql") {
    return std::make_unique<PostgresOutboxStore>(config.store_conninfo);
  }
  throw ConfigError(config.source_file + ": store kind '" + config.store_kind +
                    "' has no notification outbox in this build");
}

}  // namespace renkei

#include "adapters/mynumber/gateway_store_factory.h"

#include "adapters/mynumber/postgres_fukuhon_store.h"
#include "adapters/mynumber/postgres_gateway_store.h"
#include "adapters/mynumber/sqlite_fukuhon_store.h"
#include "adapters/mynumber/sqlite_gateway_store.h"

namespace renkei::mynumber {

bool isPostgresUrl(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::unique_ptr<GatewayStore> openGatewayStore(const std::string& db) {
  if (isPostgresUrl(db)) return std::make_unique<PostgresGatewayStore>(db);
  return std::make_unique<SqliteGatewayStore>(db);
}

std::unique_ptr<FukuhonStore> openFukuhonStore(const std::string& db) {
  if (isPostgresUrl(db)) return std::make_unique<PostgresFukuhonStore>(db);
  return std::make_unique<SqliteFukuhonStore>(db);
}

std::string describeGatewayDb(const std::string& db) {
  return isPostgresUrl(db) ? describePgServer(db) : db;
}

}  // namespace renkei::mynumber

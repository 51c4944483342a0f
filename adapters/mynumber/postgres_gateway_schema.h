#pragma once
// The gateway's own tables on PostgreSQL: schema `mynumber_gateway` (never the broker's tables
// or its migration numbers, even in a database shared with a broker), with numbered migrations
// of its own recorded in mynumber_gateway.schema_version. Table and column names are those of
// the gateway's SQLite file, so the same SQL reads either.
#include <cstdint>
#include <memory>
#include <string>

#include "broker/store/postgres_connection.h"

namespace renkei::mynumber {

// Transaction-scoped advisory locks of the gateway (pg_advisory_xact_lock(class, key)).
constexpr int32_t kGatewayPgLockClass = 0x4D4E4757;  // "MNGW"
constexpr int32_t kGatewayPgMigrationLock = 1;
constexpr int32_t kGatewayPgChainLock = 2;    // appending to or purging the record chain
constexpr int32_t kGatewayPgFukuhonLock = 3;  // applying a 副本 batch

int gatewayPostgresSchemaVersion();

// Brings the schema up to date in one transaction under the migration lock (two processes
// opening an empty database apply each migration once), then points the connection's
// search_path at it. Throws StoreError when the database is newer than this gateway.
void openGatewayPostgresSchema(PgConnection& connection);

// Takes one of the locks above until the current transaction ends.
void lockGatewayPg(PgConnection& connection, int32_t key, const char* doing);

// One store's connection to the gateway's schema. A connection the server lost (a restart) is
// replaced on the next use, so a long-running gateway does not stay broken; the call that
// found it lost has failed (and its transaction rolled back), as it must.
class GatewayPgSession {
 public:
  // Connects and migrates at once, so a wrong address or an old gateway fails at start.
  explicit GatewayPgSession(std::string conninfo);
  PgConnection& db();

 private:
  std::string conninfo_;
  std::unique_ptr<PgConnection> connection_;
};

}  // namespace renkei::mynumber

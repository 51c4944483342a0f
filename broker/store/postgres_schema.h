#pragma once
// The PostgreSQL schema and its migrations. Table and column names follow the SQLite store's,
// so an operator (or a report written in SQL) reads the same names on either store.
#include <cstdint>

#include "broker/store/postgres_connection.h"

namespace renkei {

// Transaction-scoped advisory lock keys (pg_advisory_xact_lock(kPgLockClass, key)). They are
// per database, so two Renkei databases on one server never contend.
constexpr int32_t kPgLockClass = 0x52454E4B;  // "RENK"
constexpr int32_t kPgMigrationLock = 1;
constexpr int32_t kPgAuditChainLock = 2;
constexpr int32_t kPgPurposeRulesLock = 3;  // numbering a new purpose rules version
constexpr int32_t kPgAdminUsersLock = 4;    // adding or changing an admin user

int postgresSchemaVersion();

// Brings the schema up to date in one transaction under the migration lock, so two brokers
// starting together against an empty database apply each migration exactly once. Throws
// StoreError if the database is newer than this broker.
void migratePostgresSchema(PgConnection& connection);

}  // namespace renkei

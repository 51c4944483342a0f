#pragma once
// The SQLite schema as an ordered list of migrations, tracked with PRAGMA user_version.
#include "broker/store/sqlite_connection.h"

namespace renkei {

// The schema version this build writes; a database with a higher user_version was written by a
// newer broker and is refused rather than silently misread.
int sqliteSchemaVersion();

// Applies every migration above the database's user_version, each in its own transaction.
void migrateSqliteSchema(SqliteConnection& connection);

}  // namespace renkei

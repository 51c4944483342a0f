#pragma once
// The links table's column list and its mapping to Link, shared by every statement that reads
// or writes whole links, so a new column is added in one place.
#include <string>

#include "broker/core/registry_types.h"
#include "broker/store/sqlite_connection.h"

namespace renkei {

// "id, sender, ..., note": the order readLinkRow expects.
extern const char* const kSqliteLinkColumns;

// Reads a row selected with kSqliteLinkColumns starting at column 0.
Link readLinkRow(const SqliteStatement& row);

// Binds every column but id to parameters ?first .. ?first+16, in kSqliteLinkColumns order.
void bindLinkColumns(SqliteStatement& st, const Link& link, int first);

// "(sender, receiver, ...)" values placeholders for an INSERT of every column but id.
extern const char* const kSqliteLinkInsert;

}  // namespace renkei

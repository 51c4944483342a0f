#pragma once
// The links table's column list and its mapping to Link for the PostgreSQL store, shared by
// every statement that reads or writes whole links, so a new column is added in one place.
#include "broker/core/registry_types.h"
#include "broker/store/postgres_connection.h"

namespace renkei {

// "id, sender, ..., note": the order readPgLink expects.
extern const char* const kPgLinkColumns;
// INSERT of every column but id, parameters $1..$17 in pgLinkParams order, RETURNING id.
extern const char* const kPgLinkInsert;

// Reads row `row` of a result selected with kPgLinkColumns.
Link readPgLink(const PgResult& result, int row);
// Every column but id, in kPgLinkColumns order.
PgParams pgLinkParams(const Link& link);

// "062022/kokuho -> 062022/juki IdoJohoShokai:1 purpose KOKUHO-01", for messages.
std::string describeLinkKey(const Link& link);

}  // namespace renkei

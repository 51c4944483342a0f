#pragma once
// Separation of duties on PostgreSQL: the schema (tables, triggers) belongs to an owner role
// that only migrations use; the broker serves as another role that may read and append to the
// audit tables but neither rewrite them nor drop their guards (only an owner can ALTER or DROP
// a trigger). The registry stays writable: changing it is the broker's job.
#include <string>

#include "broker/store/postgres_connection.h"

namespace renkei {

// Run as the owner, after migrating. Idempotent (GRANT is).
void grantServingRole(PgConnection& owner, const std::string& role);

}  // namespace renkei

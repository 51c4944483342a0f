#pragma once
// Opens the store the configuration names (SQLite or PostgreSQL) and brings its schema up to
// date. Throws ConfigError or StoreError with an operator-readable message.
#include <memory>
#include <string>

#include "broker/config/broker_config.h"
#include "broker/store/store.h"

namespace renkei {

// On PostgreSQL with <store migrateConninfo>, migrations run as that (owner) role and the
// serving role is granted what it needs; the serving role itself never migrates.
std::unique_ptr<Store> openStore(const BrokerConfig& config);
// PostgreSQL only: migrate with config.store_migrate_conninfo and grant `serving_role`
// (`renkei store migrate` runs this before any broker starts).
void migrateAsOwner(const BrokerConfig& config, const std::string& serving_role);
// How messages name the store: "sqlite:/var/lib/renkei/renkei.db", or "PostgreSQL host=...
// port=... dbname=..." (never the password a conninfo may carry).
std::string describeStore(const BrokerConfig& config);

}  // namespace renkei

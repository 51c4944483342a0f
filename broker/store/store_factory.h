#pragma once
// Opens the store the configuration names (SQLite or PostgreSQL) and brings its schema up to
// date. Throws ConfigError or StoreError with an operator-readable message.
#include <memory>
#include <string>

#include "broker/config/broker_config.h"
#include "broker/store/store.h"

namespace renkei {

std::unique_ptr<Store> openStore(const BrokerConfig& config);
// How messages name the store: "sqlite:/var/lib/renkei/renkei.db", or "PostgreSQL host=...
// port=... dbname=..." (never the password a conninfo may carry).
std::string describeStore(const BrokerConfig& config);

}  // namespace renkei

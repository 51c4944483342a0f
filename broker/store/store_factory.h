#pragma once
// Opens the store the configuration names (SQLite or PostgreSQL) and brings its schema up to
// date. Throws ConfigError or StoreError with an operator-readable message.
#include <memory>

#include "broker/config/broker_config.h"
#include "broker/store/store.h"

namespace renkei {

std::unique_ptr<Store> openStore(const BrokerConfig& config);

}  // namespace renkei

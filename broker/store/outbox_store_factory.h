#pragma once
// Opens the outbox on the store the configuration names. The Store (store_factory.h) must have
// been opened first: its migrations create the outbox tables.
#include <memory>

#include "broker/config/broker_config.h"
#include "broker/notify/outbox_store.h"

namespace renkei {

std::unique_ptr<OutboxStore> openOutboxStore(const BrokerConfig& config);

}  // namespace renkei

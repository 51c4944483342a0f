#pragma once
// The replay guard a broker on `store` needs: the store's shared claims where it has them
// (PostgreSQL), otherwise memory primed from the audit trail's recent records.
#include <chrono>
#include <iosfwd>
#include <memory>

#include "broker/replay/replay_guard.h"
#include "broker/store/store.h"

namespace renkei {

// `timeout` bounds a shared claim (the broker's audit timeout).
std::unique_ptr<ReplayGuard> makeReplayGuard(Store& store, std::chrono::seconds retention,
                                             std::chrono::milliseconds timeout, std::ostream& log);

}  // namespace renkei

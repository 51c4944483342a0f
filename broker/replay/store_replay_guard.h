#pragma once
// ReplayGuard on the store's shared claims (PostgreSQL): every broker instance on the database
// sees every other's claims, and they survive restarts, so a message replayed to another
// instance, or after a restart, is still a duplicate.
#include <chrono>

#include "broker/replay/replay_guard.h"
#include "broker/store/store.h"

namespace renkei {

class StoreReplayGuard : public ReplayGuard {
 public:
  // A claim the store has not answered within `timeout` fails (Server.AuditUnavailable), as an
  // audit record would: the broker's audit timeout.
  StoreReplayGuard(Store& store, std::chrono::seconds retention, std::chrono::milliseconds timeout)
      : store_(store), retention_(retention), timeout_(timeout) {}
  bool claim(const std::string& sender, const std::string& message_id) override;

 private:
  Store& store_;
  const std::chrono::seconds retention_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace renkei

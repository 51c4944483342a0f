#include "broker/replay/store_replay_guard.h"

#include "broker/core/blocking_wait.h"

namespace renkei {

bool StoreReplayGuard::claim(const std::string& sender, const std::string& message_id) {
  // A round trip to the database (and up to `timeout_` when it hangs): another worker may run.
  BlockingWait waiting;
  try {
    return store_.claimMessage(sender, message_id, retention_,
                               std::chrono::steady_clock::now() + timeout_);
  } catch (const StoreError& e) {
    throw ReplayStoreError(e.what());
  }
}

}  // namespace renkei

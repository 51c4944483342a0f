#include "broker/replay/store_replay_guard.h"

namespace renkei {

bool StoreReplayGuard::claim(const std::string& sender, const std::string& message_id) {
  try {
    return store_.claimMessage(sender, message_id, retention_,
                               std::chrono::steady_clock::now() + timeout_);
  } catch (const StoreError& e) {
    throw ReplayStoreError(e.what());
  }
}

}  // namespace renkei

#include "broker/replay/memory_replay_guard.h"

namespace renkei {

std::string MemoryReplayGuard::keyOf(const std::string& sender, const std::string& message_id) {
  // A unit id never contains a newline (config schema and header check), so the key is unique.
  std::string key;
  key.reserve(sender.size() + 1 + message_id.size());
  key.append(sender).push_back('\n');
  key.append(message_id);
  return key;
}

bool MemoryReplayGuard::claim(const std::string& sender, const std::string& message_id) {
  const auto now = Clock::now();
  std::string key = keyOf(sender, message_id);
  std::lock_guard lock(mutex_);
  forgetExpired(now);
  auto [it, inserted] = claimed_.try_emplace(key, now);
  if (!inserted) return false;  // unexpired: forgetExpired removed every older claim
  order_.push_back(Claim{std::move(key), now});
  return true;
}

void MemoryReplayGuard::remember(const std::string& sender, const std::string& message_id,
                                 std::chrono::seconds age) {
  if (age >= retention_) return;
  const auto at = Clock::now() - age;
  std::string key = keyOf(sender, message_id);
  std::lock_guard lock(mutex_);
  auto [it, inserted] = claimed_.try_emplace(key, at);
  if (!inserted) {
    if (it->second >= at) return;
    it->second = at;  // the later claim decides when it expires
  }
  // Keep order_ oldest first. Priming visits the newest records first, so the front is where
  // nearly every primed claim goes: O(1) each.
  if (order_.empty() || at >= order_.back().at) {
    order_.push_back(Claim{std::move(key), at});
  } else if (at <= order_.front().at) {
    order_.push_front(Claim{std::move(key), at});
  } else {
    auto pos = order_.end();
    while (pos != order_.begin() && std::prev(pos)->at > at) --pos;
    order_.insert(pos, Claim{std::move(key), at});
  }
}

std::size_t MemoryReplayGuard::size() const {
  std::lock_guard lock(mutex_);
  return claimed_.size();
}

void MemoryReplayGuard::forgetExpired(Clock::time_point now) {
  while (!order_.empty() && now - order_.front().at >= retention_) {
    auto it = claimed_.find(order_.front().key);
    // A key re-remembered later has a newer time in claimed_; only the matching entry goes.
    if (it != claimed_.end() && it->second == order_.front().at) claimed_.erase(it);
    order_.pop_front();
  }
}

}  // namespace renkei

#include "broker/replay/memory_replay_guard.h"

#include <cstring>

#include "broker/core/digest.h"

namespace renkei {
namespace {

// The table never shrinks below this, so a quiet broker does not rehash at every claim.
constexpr std::size_t kMinSlots = 1024;

}  // namespace

MemoryReplayGuard::MemoryReplayGuard(std::chrono::seconds retention)
    : retention_(retention), slots_(kMinSlots, kEmpty) {}

MemoryReplayGuard::Key MemoryReplayGuard::keyOf(const std::string& sender,
                                                const std::string& message_id) {
  // The sender length-prefixed, so no two (sender, id) pairs digest the same text.
  std::string text;
  text.reserve(sender.size() + message_id.size() + 8);
  appendLengthPrefixed(text, sender);
  text.append(message_id);
  const Sha256 digest = sha256(text);
  Key key;
  std::memcpy(key.data(), digest.data(), key.size());
  return key;
}

std::size_t MemoryReplayGuard::home(const Key& key) const {
  std::uint64_t h = 0;
  std::memcpy(&h, key.data(), sizeof h);  // digest bytes: already uniform
  return static_cast<std::size_t>(h) & (slots_.size() - 1);
}

std::size_t MemoryReplayGuard::slotOf(const Key& key) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = home(key);; i = (i + 1) & mask) {
    if (slots_[i] == kEmpty) return kNone;
    if (claimAt(slots_[i]).key == key) return i;
  }
}

void MemoryReplayGuard::insertSlot(Seq seq) {
  if ((held_ + 1) * 10 > slots_.size() * 7) rehash(slots_.size() * 2);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home(claimAt(seq).key);
  while (slots_[i] != kEmpty) i = (i + 1) & mask;
  slots_[i] = seq;
  ++held_;
}

// Backward-shift deletion: later members of the probe run move up into the hole when their
// home allows, so lookups never need tombstones.
void MemoryReplayGuard::eraseSlot(std::size_t hole) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t j = (hole + 1) & mask; slots_[j] != kEmpty; j = (j + 1) & mask) {
    const std::size_t k = home(claimAt(slots_[j]).key);
    // Movable unless its home lies cyclically in (hole, j].
    const bool home_after_hole = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
    if (!home_after_hole) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = kEmpty;
  --held_;
}

void MemoryReplayGuard::rehash(std::size_t slots) {
  std::vector<Seq> old(slots, kEmpty);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Seq seq : old) {
    if (seq == kEmpty) continue;
    std::size_t i = home(claimAt(seq).key);
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = seq;
  }
}

void MemoryReplayGuard::forgetExpired(Clock::time_point now) {
  while (!order_.empty() && now - order_.front().at >= retention_) {
    // Its slot, unless a later claim of the same key took the slot over (remember()).
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(order_.front().key); slots_[i] != kEmpty; i = (i + 1) & mask) {
      if (slots_[i] == front_seq_) {
        eraseSlot(i);
        break;
      }
    }
    order_.pop_front();
    ++front_seq_;
  }
  // Give memory back after a burst; the hysteresis (grow above 70%, shrink below 12.5%) keeps
  // a steady load from rehashing back and forth.
  std::size_t slots = slots_.size();
  while (slots > kMinSlots && held_ * 8 < slots) slots /= 2;
  if (slots != slots_.size()) rehash(slots);
}

void MemoryReplayGuard::add(const Key& key, Clock::time_point at) {
  order_.push_back(Claim{key, at});
  insertSlot(front_seq_ + static_cast<Seq>(order_.size()) - 1);
}

bool MemoryReplayGuard::claim(const std::string& sender, const std::string& message_id) {
  const auto now = Clock::now();
  const Key key = keyOf(sender, message_id);
  std::lock_guard lock(mutex_);
  forgetExpired(now);
  if (slotOf(key) != kNone) return false;  // unexpired: forgetExpired removed every older claim
  add(key, now);
  return true;
}

void MemoryReplayGuard::remember(const std::string& sender, const std::string& message_id,
                                 std::chrono::seconds age) {
  if (age >= retention_) return;
  const auto at = Clock::now() - age;
  const Key key = keyOf(sender, message_id);
  std::lock_guard lock(mutex_);
  const std::size_t slot = slotOf(key);
  if (slot != kNone && claimAt(slots_[slot]).at >= at) return;
  // Priming visits the newest records first, so nearly every primed claim belongs at the front.
  Seq seq;
  if (order_.empty() || at >= order_.back().at) {
    order_.push_back(Claim{key, at});
    seq = front_seq_ + static_cast<Seq>(order_.size()) - 1;
  } else {
    order_.push_front(Claim{key, at});
    seq = --front_seq_;
  }
  if (slot != kNone) {
    slots_[slot] = seq;  // the later claim decides when the key expires
  } else {
    insertSlot(seq);
  }
}

std::size_t MemoryReplayGuard::size() const {
  std::lock_guard lock(mutex_);
  return held_;
}

std::size_t MemoryReplayGuard::capacity() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

}  // namespace renkei

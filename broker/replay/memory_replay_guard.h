#pragma once
// ReplayGuard in this process's memory, for the embedded store (SQLite): one broker per
// database file. It survives a restart because the broker primes it from the audit trail's
// recent records (every authorized exchange has one). Claims older than the retention are
// forgotten in arrival order, so memory is bounded by the traffic of one retention period.
//
// Compact because that traffic is large: at 1,750 exchanges/s and the default 10-minute
// retention a broker holds a million claims. A claim is 16 bytes of SHA-256 over sender and
// MessageId plus its time (24 bytes in an arrival-ordered deque) and one 8-byte slot of an
// open-addressing table, doubled above 70% full and halved below 12.5% once claims expire
// (35-70% full under steady traffic): about 40 bytes, about 50 of RSS as bench/soak.sh
// measures it, where two strings and a hash-map node took 256. A false duplicate needs two
// keys with the same 128-bit digest prefix: by chance, never; on purpose, a second preimage of
// SHA-256's first 128 bits.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "broker/replay/replay_guard.h"

namespace renkei {

class MemoryReplayGuard : public ReplayGuard {
 public:
  using Clock = std::chrono::steady_clock;
  explicit MemoryReplayGuard(std::chrono::seconds retention);

  bool claim(const std::string& sender, const std::string& message_id) override;
  // A claim made `age` ago (priming from the audit trail at start).
  void remember(const std::string& sender, const std::string& message_id, std::chrono::seconds age);
  std::size_t size() const;
  // Slots of the table (for tests: it grows with the claims held and shrinks after them).
  std::size_t capacity() const;

 private:
  using Key = std::array<unsigned char, 16>;
  struct Claim {
    Key key;
    Clock::time_point at;
  };
  // A claim's sequence number: order_[i] has front_seq_ + i. Priming adds at the front, so
  // numbers can go below zero; kEmpty is below any of them.
  using Seq = std::int64_t;
  static constexpr Seq kEmpty = INT64_MIN;
  static constexpr std::size_t kNone = SIZE_MAX;

  static Key keyOf(const std::string& sender, const std::string& message_id);
  // All with mutex_ held.
  const Claim& claimAt(Seq seq) const { return order_[static_cast<std::size_t>(seq - front_seq_)]; }
  std::size_t home(const Key& key) const;
  std::size_t slotOf(const Key& key) const;  // kNone when the key holds no claim
  void insertSlot(Seq seq);
  void eraseSlot(std::size_t slot);
  void rehash(std::size_t slots);
  void forgetExpired(Clock::time_point now);
  void add(const Key& key, Clock::time_point at);

  const std::chrono::seconds retention_;
  mutable std::mutex mutex_;
  // Oldest first. A primed claim older than the newest already held goes to the front even if
  // the front is older still: it then only lives a little longer than the retention.
  std::deque<Claim> order_;
  Seq front_seq_ = 0;
  std::vector<Seq> slots_;  // linear probing; the seq of a claim, or kEmpty
  std::size_t held_ = 0;    // slots in use: one per distinct key
};

}  // namespace renkei

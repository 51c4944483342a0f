#pragma once
// The 通知 outbox on PostgreSQL (schema version 5, postgres_schema.cpp), for brokers sharing one
// database. Several instances read the same due copies; each copy is sent by the one whose
// lease UPDATE matched it (the row lock makes that UPDATE's WHERE clause decide for one of them
// only), so instances never send the same copy at once. Thread-safe: each call borrows a pooled
// connection of its own; the audit pool of PostgresStore is never touched.
#include <chrono>
#include <cstddef>
#include <string>

#include "broker/notify/outbox_store.h"
#include "broker/store/postgres_pool.h"

namespace renkei {

class PostgresOutboxStore : public OutboxStore {
 public:
  // Connects once so a wrong address fails at start. The tables come from PostgresStore's
  // migrations; open (and migrate) the Store first.
  explicit PostgresOutboxStore(const std::string& conninfo, size_t pool_size = 3);

  int64_t post(OutboxNotification& notification, const std::vector<DeliveryTarget>& targets,
               int64_t now_ms) override;
  bool addPeerCopy(OutboxNotification& notification, const DeliveryTarget& target,
                   int64_t now_ms) override;
  std::vector<OutboxDelivery> dueDeliveries(int64_t now_ms, int64_t limit,
                                            const HeldReceivers& held) override;
  std::vector<OutboxDelivery> claim(const std::vector<int64_t>& ids, const std::string& owner,
                                    int64_t now_ms, int64_t lease_until_ms) override;
  void releaseLeases(const std::string& owner) override;
  bool markDone(int64_t id, int64_t now_ms) override;
  void markFailed(int64_t id, const std::string& error, bool dead, int64_t next_attempt_ms,
                  int64_t now_ms) override;
  std::vector<OutboxDelivery> listDeliveries(const DeliveryFilter& filter) override;
  std::optional<OutboxDelivery> findDelivery(int64_t id) override;
  std::optional<OutboxNotification> findNotification(int64_t id) override;
  std::optional<OutboxDelivery> retry(int64_t id, int64_t now_ms) override;
  std::optional<OutboxDelivery> discard(int64_t id, const std::string& reason,
                                        int64_t now_ms) override;
  Depth depth(int64_t now_ms) override;

 private:
  // A call gives up after this long (the pool wait and every statement), so a frozen database
  // stalls the dispatcher and the post for a bounded time, never for ever.
  static constexpr std::chrono::seconds kWait{10};
  static std::chrono::steady_clock::time_point deadline() {
    return std::chrono::steady_clock::now() + kWait;
  }

  PgPool pool_;
};

}  // namespace renkei

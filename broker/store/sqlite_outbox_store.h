#pragma once
// The outbox on the SQLite file the Store uses, over its own connection: the dispatcher's
// reads and marks then never wait on the audit writer's mutex, only on SQLite's write lock.
// Same pragmas as SqliteStore (WAL, synchronous=FULL): a post or a done mark that returned is
// on disk. The tables come from the Store's migrations (sqlite_schema.cpp, version 4).
#include <mutex>
#include <string>

#include "broker/notify/outbox_store.h"
#include "broker/store/sqlite_connection.h"

namespace renkei {

class SqliteOutboxStore : public OutboxStore {
 public:
  explicit SqliteOutboxStore(const std::string& path);

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
  // Callers hold mutex_.
  std::optional<OutboxDelivery> deliveryById(int64_t id);
  int64_t insertNotification(const OutboxNotification& n);
  void insertDelivery(int64_t notification_id, const DeliveryTarget& target,
                      const std::string& subject, int64_t now_ms);
  // Drops the bytes of a notification no copy can be sent of any more.
  void forgetBodyIfFinished(int64_t delivery_id);

  std::mutex mutex_;
  SqliteConnection connection_;
};

}  // namespace renkei

#pragma once
// The durable outbox of 通知, beside the Store (store.h) rather than in it: only the notify
// components and the deliveries CLI need it. Implementations: SqliteOutboxStore and
// PostgresOutboxStore. Every method throws StoreError on failure; each change is one
// transaction, committed (durable) when the method returns.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/notify/outbox_types.h"

namespace renkei {

// A duplicate (sender, MessageId): the notification is already in the outbox.
class DuplicateNotificationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // The notification and one pending delivery per target, in ONE transaction: after this
  // returns every copy will be delivered, whatever crashes next. Returns the notification id.
  // Throws DuplicateNotificationError when (sender, message_id) is already there.
  virtual int64_t post(OutboxNotification& notification, const std::vector<DeliveryTarget>& targets,
                       int64_t now_ms) = 0;

  // A copy that the peer broker which accepted the post forwarded for one subscriber of this
  // broker (federation, docs/federation.md): the notification, stored once per (sender,
  // MessageId) and its bytes restored if they had already been emptied, and one pending
  // delivery for `target` unless that receiver already has one (the peer sends a copy again
  // when this broker's receipt did not reach it). One transaction. True when the copy is new.
  virtual bool addPeerCopy(OutboxNotification& notification, const DeliveryTarget& target,
                           int64_t now_ms) = 0;

  // Pending deliveries due at now_ms, unleased, and first in their (receiver, subject) order
  // (no earlier pending delivery for the same receiver and subject), oldest first, without the
  // copies `held` back. Read only.
  virtual std::vector<OutboxDelivery> dueDeliveries(int64_t now_ms, int64_t limit,
                                                    const HeldReceivers& held) = 0;
  // Leases the given deliveries to `owner` until lease_until_ms and counts an attempt for each,
  // where they are still pending and unleased. Returns those it leased, with attempts updated.
  // A lease keeps other broker instances (and this one) from sending the same copy at once.
  virtual std::vector<OutboxDelivery> claim(const std::vector<int64_t>& ids,
                                            const std::string& owner, int64_t now_ms,
                                            int64_t lease_until_ms) = 0;
  // At start: this instance's leases are from before a crash or stop; nothing of it is in
  // flight any more, so they are released at once instead of waiting for them to expire.
  virtual void releaseLeases(const std::string& owner) = 0;
  // The receiver acknowledged: done, for ever. False when the row was no longer pending (an
  // operator discarded it meanwhile).
  virtual bool markDone(int64_t id, int64_t now_ms) = 0;
  // The attempt failed: pending again from next_attempt_ms, or dead when `dead`.
  virtual void markFailed(int64_t id, const std::string& error, bool dead, int64_t next_attempt_ms,
                          int64_t now_ms) = 0;

  // Operators (renkei deliveries). retry: dead -> pending, due now, attempts start again.
  // discard: pending | dead -> discarded. Both return the row as it is after the change, or
  // nullopt when there is no such delivery; a refused transition throws StoreError naming it.
  virtual std::vector<OutboxDelivery> listDeliveries(const DeliveryFilter& filter) = 0;
  virtual std::optional<OutboxDelivery> findDelivery(int64_t id) = 0;
  virtual std::optional<OutboxNotification> findNotification(int64_t id) = 0;
  virtual std::optional<OutboxDelivery> retry(int64_t id, int64_t now_ms) = 0;
  virtual std::optional<OutboxDelivery> discard(int64_t id, const std::string& reason,
                                                int64_t now_ms) = 0;
  // Pending deliveries and the age of the oldest (ms since posted; 0 when none): metrics.
  struct Depth {
    int64_t pending = 0;
    int64_t dead = 0;
    int64_t oldest_pending_ms = 0;
  };
  virtual Depth depth(int64_t now_ms) = 0;
};

}  // namespace renkei

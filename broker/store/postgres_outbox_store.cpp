#include "broker/store/postgres_outbox_store.h"

namespace renkei {
namespace {

// Same columns and order as SqliteOutboxStore's select, so both read a delivery alike.
constexpr const char* kDeliveryColumns =
    "d.id, d.notification_id, n.message_id, n.sender, d.receiver, n.topic, n.topic_version, "
    "d.link_id, d.purpose, d.subject, d.state, d.attempts, d.next_attempt_ms, d.created_ms, "
    "d.finished_ms, d.last_error ";
const std::string kDeliverySelect = std::string("SELECT ") + kDeliveryColumns +
                                    "FROM deliveries d JOIN notifications n ON n.id = "
                                    "d.notification_id ";

OutboxDelivery readDelivery(const PgResult& r, int row) {
  OutboxDelivery d;
  d.id = r.integer(row, 0);
  d.notification_id = r.integer(row, 1);
  d.message_id = r.text(row, 2);
  d.sender = r.text(row, 3);
  d.receiver = r.text(row, 4);
  d.topic = r.text(row, 5);
  d.topic_version = r.text(row, 6);
  d.link_id = r.integer(row, 7);
  d.purpose = r.text(row, 8);
  d.subject = r.text(row, 9);
  parseDeliveryState(r.text(row, 10), &d.state);
  d.attempts = static_cast<int>(r.integer(row, 11));
  d.next_attempt_ms = r.integer(row, 12);
  d.created_ms = r.integer(row, 13);
  d.finished_ms = r.integer(row, 14);
  d.last_error = r.text(row, 15);
  return d;
}

std::vector<OutboxDelivery> readDeliveries(const PgResult& r) {
  std::vector<OutboxDelivery> rows;
  rows.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(readDelivery(r, i));
  return rows;
}

std::optional<OutboxDelivery> deliveryById(PgConnection& db, int64_t id, bool for_update) {
  const PgResult r = db.query(
      std::string(kDeliverySelect) + "WHERE d.id = $1" + (for_update ? " FOR UPDATE OF d" : ""),
      {std::to_string(id)}, "reading delivery " + std::to_string(id));
  if (r.rows() == 0) return std::nullopt;
  return readDelivery(r, 0);
}

// Drops the bytes of a notification no copy can be sent of any more.
void forgetBodyIfFinished(PgConnection& db, int64_t delivery_id) {
  db.query(
      "UPDATE notifications SET body = '' WHERE id = (SELECT notification_id FROM deliveries "
      "WHERE id = $1) AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.notification_id = "
      "notifications.id AND e.state IN ('pending', 'dead'))",
      {std::to_string(delivery_id)}, "forgetting a delivered notification's body");
}

// The new notification's id; nullopt when (sender, MessageId) is already there.
std::optional<int64_t> insertNotification(PgConnection& db, const OutboxNotification& n) {
  const PgResult inserted = db.query(
      "INSERT INTO notifications (message_id, sender, topic, topic_version, purpose, subject, "
      "content_type, soap_action, body, posted_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "ON CONFLICT (sender, message_id) DO NOTHING RETURNING id",
      {n.message_id, n.sender, n.topic, n.topic_version, n.purpose, n.subject, n.content_type,
       n.soap_action, n.body, n.posted_at},
      "storing a notification");
  if (inserted.rows() == 0) return std::nullopt;
  return inserted.integer(0, 0);
}

void insertDelivery(PgConnection& db, int64_t notification_id, const DeliveryTarget& target,
                    const std::string& subject, int64_t now_ms) {
  db.query(
      "INSERT INTO deliveries (notification_id, receiver, link_id, purpose, subject, state, "
      "next_attempt_ms, created_ms) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)",
      {std::to_string(notification_id), target.receiver, std::to_string(target.link_id),
       target.purpose, subject, std::to_string(now_ms)},
      "storing a delivery");
}

}  // namespace

PostgresOutboxStore::PostgresOutboxStore(const std::string& conninfo, size_t pool_size)
    : pool_(conninfo, pool_size) {
  PgLease probe = pool_.acquire(deadline());
}

int64_t PostgresOutboxStore::post(OutboxNotification& n, const std::vector<DeliveryTarget>& targets,
                                  int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    PgTransaction transaction(db, "posting a notification");
    const std::optional<int64_t> inserted = insertNotification(db, n);
    if (!inserted) {
      throw DuplicateNotificationError("notification " + n.message_id + " from " + n.sender +
                                       " is already in the outbox");
    }
    const int64_t id = *inserted;
    for (const DeliveryTarget& target : targets) insertDelivery(db, id, target, n.subject, now_ms);
    transaction.commit();
    n.id = id;
    return id;
  });
}

bool PostgresOutboxStore::addPeerCopy(OutboxNotification& n, const DeliveryTarget& target,
                                      int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    PgTransaction transaction(db, "storing a copy from a peer broker");
    std::optional<int64_t> id = insertNotification(db, n);
    if (!id) {
      // Locked: two copies of one notification (two receivers) arriving at once each see the
      // other's delivery row, or none, never half of it.
      const PgResult known =
          db.query("SELECT id FROM notifications WHERE sender = $1 AND message_id = $2 FOR UPDATE",
                   {n.sender, n.message_id}, "looking for the notification");
      if (known.rows() == 0) throw StoreError("notification " + n.message_id + " vanished");
      id = known.integer(0, 0);
      const PgResult has =
          db.query("SELECT 1 FROM deliveries WHERE notification_id = $1 AND receiver = $2",
                   {std::to_string(*id), target.receiver}, "looking for the receiver's copy");
      if (has.rows() > 0) {
        transaction.commit();
        n.id = *id;
        return false;  // sent again: kept once
      }
      // Its other copies may all be done already, and their bytes emptied: this one needs them.
      db.query("UPDATE notifications SET body = $2 WHERE id = $1 AND body = ''",
               {std::to_string(*id), n.body}, "restoring a notification's bytes");
    }
    insertDelivery(db, *id, target, n.subject, now_ms);
    transaction.commit();
    n.id = *id;
    return true;
  });
}

std::vector<OutboxDelivery> PostgresOutboxStore::dueDeliveries(int64_t now_ms, int64_t limit,
                                                               const HeldReceivers& held) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    return readDeliveries(
        db.query(std::string(kDeliverySelect) +
                     "WHERE d.state = 'pending' AND d.next_attempt_ms <= $1 "
                     "AND (d.lease_until_ms IS NULL OR d.lease_until_ms < $1) "
                     "AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.state = 'pending' "
                     "AND e.receiver = d.receiver AND e.subject = d.subject AND e.id < d.id) "
                     "AND NOT (d.receiver IN (SELECT json_array_elements_text($3::json)) "
                     "AND d.created_ms >= $4) "
                     "ORDER BY d.id LIMIT $2",
                 {std::to_string(now_ms), std::to_string(limit), heldReceiversJson(held),
                  std::to_string(held.created_from_ms)},
                 "reading due deliveries"));
  });
}

std::vector<OutboxDelivery> PostgresOutboxStore::claim(const std::vector<int64_t>& ids,
                                                       const std::string& owner, int64_t now_ms,
                                                       int64_t lease_until_ms) {
  if (ids.empty()) return {};
  std::string id_array = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) id_array += ',';
    id_array += std::to_string(ids[i]);
  }
  id_array += '}';
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    // One statement: under READ COMMITTED a row another instance leased meanwhile is re-checked
    // after its lock is released, fails the WHERE clause and is not ours.
    // RETURNING gives the rows as updated (a WITH ... UPDATE would not: the outer SELECT sees
    // the snapshot from before it).
    const PgResult leased = db.query(
        "UPDATE deliveries d SET lease_owner = $2, lease_until_ms = $3, "
        "attempts = d.attempts + 1 FROM notifications n WHERE n.id = d.notification_id "
        "AND d.id = ANY($1::bigint[]) AND d.state = 'pending' "
        "AND (d.lease_until_ms IS NULL OR d.lease_until_ms < $4) RETURNING " +
            std::string(kDeliveryColumns),
        {id_array, owner, std::to_string(lease_until_ms), std::to_string(now_ms)},
        "leasing deliveries");
    return readDeliveries(leased);
  });
}

void PostgresOutboxStore::releaseLeases(const std::string& owner) {
  pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    db.query(
        "UPDATE deliveries SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = $1",
        {owner}, "releasing this instance's delivery leases");
  });
}

bool PostgresOutboxStore::markDone(int64_t id, int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    PgTransaction transaction(db, "marking a delivery done");
    const PgResult changed = db.query(
        "UPDATE deliveries SET state = 'done', finished_ms = $2, last_error = '', "
        "lease_owner = NULL, lease_until_ms = NULL WHERE id = $1 AND state = 'pending'",
        {std::to_string(id), std::to_string(now_ms)}, "marking a delivery done");
    const bool done = changed.affected() > 0;
    if (done) forgetBodyIfFinished(db, id);
    transaction.commit();
    return done;
  });
}

void PostgresOutboxStore::markFailed(int64_t id, const std::string& error, bool dead,
                                     int64_t next_attempt_ms, int64_t now_ms) {
  pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    db.query(
        "UPDATE deliveries SET state = CASE WHEN $3 THEN 'dead' ELSE 'pending' END, "
        "next_attempt_ms = $4, finished_ms = CASE WHEN $3 THEN $5 ELSE 0 END, last_error = $2, "
        "lease_owner = NULL, lease_until_ms = NULL WHERE id = $1 AND state = 'pending'",
        {std::to_string(id), error, std::string(dead ? "true" : "false"),
         std::to_string(next_attempt_ms), std::to_string(now_ms)},
        "recording a failed delivery attempt");
  });
}

std::vector<OutboxDelivery> PostgresOutboxStore::listDeliveries(const DeliveryFilter& filter) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    return readDeliveries(
        db.query(std::string(kDeliverySelect) +
                     "WHERE ($1 = '' OR n.topic = $1) AND ($2 = '' OR d.receiver = $2) "
                     "AND ($3 = '' OR d.state = $3) ORDER BY d.id LIMIT $4",
                 {filter.topic, filter.receiver,
                  std::string(filter.state ? deliveryStateName(*filter.state) : ""),
                  std::to_string(filter.limit)},
                 "listing deliveries"));
  });
}

std::optional<OutboxDelivery> PostgresOutboxStore::findDelivery(int64_t id) {
  return pgWithRetry(pool_, deadline(),
                     [&](PgConnection& db) { return deliveryById(db, id, false); });
}

std::optional<OutboxNotification> PostgresOutboxStore::findNotification(int64_t id) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) -> std::optional<OutboxNotification> {
    const PgResult r = db.query(
        "SELECT id, message_id, sender, topic, topic_version, purpose, subject, content_type, "
        "soap_action, body, posted_at FROM notifications WHERE id = $1",
        {std::to_string(id)}, "reading a notification");
    if (r.rows() == 0) return std::nullopt;
    OutboxNotification n;
    n.id = r.integer(0, 0);
    n.message_id = r.text(0, 1);
    n.sender = r.text(0, 2);
    n.topic = r.text(0, 3);
    n.topic_version = r.text(0, 4);
    n.purpose = r.text(0, 5);
    n.subject = r.text(0, 6);
    n.content_type = r.text(0, 7);
    n.soap_action = r.text(0, 8);
    n.body = r.text(0, 9);
    n.posted_at = r.text(0, 10);
    return n;
  });
}

std::optional<OutboxDelivery> PostgresOutboxStore::retry(int64_t id, int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) -> std::optional<OutboxDelivery> {
    PgTransaction transaction(db, "retrying a delivery");
    auto row = deliveryById(db, id, true);
    if (!row) return std::nullopt;
    if (row->state != DeliveryState::kDead) {
      throw StoreError("delivery " + std::to_string(id) + " is " + deliveryStateName(row->state) +
                       "; only a dead delivery can be retried");
    }
    // created_ms restarts too: deadLetterAfterHours counts from the operator's retry.
    db.query(
        "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_ms = $2, "
        "created_ms = $2, finished_ms = 0 WHERE id = $1",
        {std::to_string(id), std::to_string(now_ms)}, "retrying a delivery");
    row = deliveryById(db, id, false);
    transaction.commit();
    return row;
  });
}

std::optional<OutboxDelivery> PostgresOutboxStore::discard(int64_t id, const std::string& reason,
                                                           int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) -> std::optional<OutboxDelivery> {
    PgTransaction transaction(db, "discarding a delivery");
    auto row = deliveryById(db, id, true);
    if (!row) return std::nullopt;
    if (row->state != DeliveryState::kPending && row->state != DeliveryState::kDead) {
      throw StoreError("delivery " + std::to_string(id) + " is " + deliveryStateName(row->state) +
                       "; only a pending or dead delivery can be discarded");
    }
    db.query(
        "UPDATE deliveries SET state = 'discarded', finished_ms = $2, last_error = $3, "
        "lease_owner = NULL, lease_until_ms = NULL WHERE id = $1",
        {std::to_string(id), std::to_string(now_ms), "discarded: " + reason},
        "discarding a delivery");
    forgetBodyIfFinished(db, id);
    row = deliveryById(db, id, false);
    transaction.commit();
    return row;
  });
}

OutboxStore::Depth PostgresOutboxStore::depth(int64_t now_ms) {
  return pgWithRetry(pool_, deadline(), [&](PgConnection& db) {
    const PgResult r = db.exec(
        "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = "
        "'dead'), min(created_ms) FILTER (WHERE state = 'pending') FROM deliveries "
        "WHERE state IN ('pending', 'dead')",
        "measuring the outbox");
    Depth depth;
    depth.pending = r.integer(0, 0);
    depth.dead = r.integer(0, 1);
    if (!r.isNull(0, 2)) depth.oldest_pending_ms = now_ms - r.integer(0, 2);
    return depth;
  });
}

}  // namespace renkei

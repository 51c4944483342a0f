#include "broker/store/sqlite_outbox_store.h"

#include "broker/store/store.h"

namespace renkei {
namespace {

// Every read of a delivery joins its notification for the ids receivers and operators see.
constexpr const char* kDeliverySelect =
    "SELECT d.id, d.notification_id, n.message_id, n.sender, d.receiver, n.topic, "
    "n.topic_version, d.link_id, d.purpose, d.subject, d.state, d.attempts, d.next_attempt_ms, "
    "d.created_ms, d.finished_ms, d.last_error FROM deliveries d "
    "JOIN notifications n ON n.id = d.notification_id ";

OutboxDelivery readDelivery(SqliteStatement& st) {
  OutboxDelivery d;
  d.id = st.columnInt(0);
  d.notification_id = st.columnInt(1);
  d.message_id = st.columnText(2);
  d.sender = st.columnText(3);
  d.receiver = st.columnText(4);
  d.topic = st.columnText(5);
  d.topic_version = st.columnText(6);
  d.link_id = st.columnInt(7);
  d.purpose = st.columnText(8);
  d.subject = st.columnText(9);
  parseDeliveryState(st.columnText(10), &d.state);
  d.attempts = static_cast<int>(st.columnInt(11));
  d.next_attempt_ms = st.columnInt(12);
  d.created_ms = st.columnInt(13);
  d.finished_ms = st.columnInt(14);
  d.last_error = st.columnText(15);
  return d;
}

}  // namespace

SqliteOutboxStore::SqliteOutboxStore(const std::string& path) : connection_(path) {
  const std::string doing = "configuring SQLite outbox " + path;
  connection_.exec("PRAGMA journal_mode = WAL", doing.c_str());
  connection_.exec("PRAGMA synchronous = FULL", doing.c_str());
  connection_.exec("PRAGMA busy_timeout = 5000", doing.c_str());
  connection_.exec("PRAGMA foreign_keys = ON", doing.c_str());
}

int64_t SqliteOutboxStore::post(OutboxNotification& n, const std::vector<DeliveryTarget>& targets,
                                int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "posting a notification");
  {
    StatementUse seen(
        connection_.cached("SELECT id FROM notifications WHERE sender = ?1 AND message_id = ?2"));
    seen->bind(1, n.sender);
    seen->bind(2, n.message_id);
    if (seen->step("checking for a duplicate notification")) {
      throw DuplicateNotificationError("notification " + n.message_id + " from " + n.sender +
                                       " is already in the outbox");
    }
  }
  n.id = insertNotification(n);
  for (const DeliveryTarget& target : targets) insertDelivery(n.id, target, n.subject, now_ms);
  transaction.commit();
  return n.id;
}

bool SqliteOutboxStore::addPeerCopy(OutboxNotification& n, const DeliveryTarget& target,
                                    int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "storing a copy from a peer broker");
  std::optional<int64_t> known;
  {
    StatementUse seen(
        connection_.cached("SELECT id FROM notifications WHERE sender = ?1 AND message_id = ?2"));
    seen->bind(1, n.sender);
    seen->bind(2, n.message_id);
    if (seen->step("looking for the notification")) known = seen->columnInt(0);
  }
  if (!known) {
    n.id = insertNotification(n);
  } else {
    n.id = *known;
    {
      StatementUse has(connection_.cached(
          "SELECT 1 FROM deliveries WHERE notification_id = ?1 AND receiver = ?2"));
      has->bind(1, n.id);
      has->bind(2, target.receiver);
      if (has->step("looking for the receiver's copy")) return false;  // sent again: kept once
    }
    // Its other copies may all be done already, and their bytes emptied: this one needs them.
    StatementUse restore(
        connection_.cached("UPDATE notifications SET body = ?2 WHERE id = ?1 AND body = ''"));
    restore->bind(1, n.id);
    restore->bind(2, n.body);
    restore->step("restoring a notification's bytes");
  }
  insertDelivery(n.id, target, n.subject, now_ms);
  transaction.commit();
  return true;
}

int64_t SqliteOutboxStore::insertNotification(const OutboxNotification& n) {
  StatementUse st(connection_.cached(
      "INSERT INTO notifications (message_id, sender, topic, topic_version, purpose, subject, "
      "content_type, soap_action, body, posted_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st->bind(1, n.message_id);
  st->bind(2, n.sender);
  st->bind(3, n.topic);
  st->bind(4, n.topic_version);
  st->bind(5, n.purpose);
  st->bind(6, n.subject);
  st->bind(7, n.content_type);
  st->bind(8, n.soap_action);
  st->bind(9, n.body);
  st->bind(10, n.posted_at);
  st->step("storing a notification");
  return connection_.queryInt("SELECT last_insert_rowid()", "reading the notification id");
}

void SqliteOutboxStore::insertDelivery(int64_t notification_id, const DeliveryTarget& target,
                                       const std::string& subject, int64_t now_ms) {
  StatementUse insert(connection_.cached(
      "INSERT INTO deliveries (notification_id, receiver, link_id, purpose, subject, state, "
      "next_attempt_ms, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)"));
  insert->bind(1, notification_id);
  insert->bind(2, target.receiver);
  insert->bind(3, target.link_id);
  insert->bind(4, target.purpose);
  insert->bind(5, subject);
  insert->bind(6, now_ms);
  insert->step("storing a delivery");
}

std::vector<OutboxDelivery> SqliteOutboxStore::dueDeliveries(int64_t now_ms, int64_t limit,
                                                             const HeldReceivers& held) {
  std::lock_guard lock(mutex_);
  StatementUse st(
      connection_.cached(std::string(kDeliverySelect) +
                         "WHERE d.state = 'pending' AND d.next_attempt_ms <= ?1 "
                         "AND (d.lease_until_ms IS NULL OR d.lease_until_ms < ?1) "
                         "AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.state = 'pending' "
                         "AND e.receiver = d.receiver AND e.subject = d.subject AND e.id < d.id) "
                         "AND NOT (d.receiver IN (SELECT value FROM json_each(?3)) "
                         "AND d.created_ms >= ?4) "
                         "ORDER BY d.id LIMIT ?2"));
  st->bind(1, now_ms);
  st->bind(2, limit);
  st->bind(3, heldReceiversJson(held));
  st->bind(4, held.created_from_ms);
  std::vector<OutboxDelivery> due;
  while (st->step("reading due deliveries")) due.push_back(readDelivery(*st));
  return due;
}

std::vector<OutboxDelivery> SqliteOutboxStore::claim(const std::vector<int64_t>& ids,
                                                     const std::string& owner, int64_t now_ms,
                                                     int64_t lease_until_ms) {
  std::lock_guard lock(mutex_);
  std::vector<OutboxDelivery> claimed;
  if (ids.empty()) return claimed;
  SqliteTransaction transaction(connection_, "leasing deliveries");
  StatementUse st(connection_.cached(
      "UPDATE deliveries SET lease_owner = ?2, lease_until_ms = ?3, attempts = attempts + 1 "
      "WHERE id = ?1 AND state = 'pending' AND (lease_until_ms IS NULL OR lease_until_ms < ?4)"));
  std::vector<int64_t> leased;
  for (int64_t id : ids) {
    st->bind(1, id);
    st->bind(2, owner);
    st->bind(3, lease_until_ms);
    st->bind(4, now_ms);
    st->step("leasing a delivery");
    st->reset();
    if (connection_.changes() > 0) leased.push_back(id);
  }
  for (int64_t id : leased) {
    if (auto d = deliveryById(id)) claimed.push_back(std::move(*d));
  }
  transaction.commit();
  return claimed;
}

void SqliteOutboxStore::releaseLeases(const std::string& owner) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "UPDATE deliveries SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = ?1"));
  st->bind(1, owner);
  st->step("releasing this instance's delivery leases");
}

bool SqliteOutboxStore::markDone(int64_t id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "marking a delivery done");
  {
    StatementUse st(connection_.cached(
        "UPDATE deliveries SET state = 'done', finished_ms = ?2, last_error = '', "
        "lease_owner = NULL, lease_until_ms = NULL WHERE id = ?1 AND state = 'pending'"));
    st->bind(1, id);
    st->bind(2, now_ms);
    st->step("marking a delivery done");
  }
  const bool changed = connection_.changes() > 0;
  if (changed) forgetBodyIfFinished(id);
  transaction.commit();
  return changed;
}

void SqliteOutboxStore::markFailed(int64_t id, const std::string& error, bool dead,
                                   int64_t next_attempt_ms, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "UPDATE deliveries SET state = CASE WHEN ?3 THEN 'dead' ELSE 'pending' END, "
      "next_attempt_ms = ?4, finished_ms = CASE WHEN ?3 THEN ?5 ELSE 0 END, last_error = ?2, "
      "lease_owner = NULL, lease_until_ms = NULL WHERE id = ?1 AND state = 'pending'"));
  st->bind(1, id);
  st->bind(2, error);
  st->bind(3, static_cast<int64_t>(dead ? 1 : 0));
  st->bind(4, next_attempt_ms);
  st->bind(5, now_ms);
  st->step("recording a failed delivery attempt");
}

std::vector<OutboxDelivery> SqliteOutboxStore::listDeliveries(const DeliveryFilter& filter) {
  std::lock_guard lock(mutex_);
  StatementUse st(
      connection_.cached(std::string(kDeliverySelect) +
                         "WHERE (?1 = '' OR n.topic = ?1) AND (?2 = '' OR d.receiver = ?2) "
                         "AND (?3 = '' OR d.state = ?3) ORDER BY d.id LIMIT ?4"));
  st->bind(1, filter.topic);
  st->bind(2, filter.receiver);
  st->bind(3, std::string(filter.state ? deliveryStateName(*filter.state) : ""));
  st->bind(4, filter.limit);
  std::vector<OutboxDelivery> rows;
  while (st->step("listing deliveries")) rows.push_back(readDelivery(*st));
  return rows;
}

std::optional<OutboxDelivery> SqliteOutboxStore::findDelivery(int64_t id) {
  std::lock_guard lock(mutex_);
  return deliveryById(id);
}

std::optional<OutboxDelivery> SqliteOutboxStore::deliveryById(int64_t id) {
  StatementUse st(connection_.cached(std::string(kDeliverySelect) + "WHERE d.id = ?1"));
  st->bind(1, id);
  if (!st->step("reading a delivery")) return std::nullopt;
  return readDelivery(*st);
}

std::optional<OutboxNotification> SqliteOutboxStore::findNotification(int64_t id) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "SELECT id, message_id, sender, topic, topic_version, purpose, subject, content_type, "
      "soap_action, body, posted_at FROM notifications WHERE id = ?1"));
  st->bind(1, id);
  if (!st->step("reading a notification")) return std::nullopt;
  OutboxNotification n;
  n.id = st->columnInt(0);
  n.message_id = st->columnText(1);
  n.sender = st->columnText(2);
  n.topic = st->columnText(3);
  n.topic_version = st->columnText(4);
  n.purpose = st->columnText(5);
  n.subject = st->columnText(6);
  n.content_type = st->columnText(7);
  n.soap_action = st->columnText(8);
  n.body = st->columnText(9);
  n.posted_at = st->columnText(10);
  return n;
}

std::optional<OutboxDelivery> SqliteOutboxStore::retry(int64_t id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "retrying a delivery");
  auto row = deliveryById(id);
  if (!row) return std::nullopt;
  if (row->state != DeliveryState::kDead) {
    throw StoreError("delivery " + std::to_string(id) + " is " + deliveryStateName(row->state) +
                     "; only a dead delivery can be retried");
  }
  // created_ms restarts too: deadLetterAfterHours counts from the operator's retry.
  StatementUse st(connection_.cached(
      "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_ms = ?2, "
      "created_ms = ?2, finished_ms = 0 WHERE id = ?1"));
  st->bind(1, id);
  st->bind(2, now_ms);
  st->step("retrying a delivery");
  row = deliveryById(id);
  transaction.commit();
  return row;
}

std::optional<OutboxDelivery> SqliteOutboxStore::discard(int64_t id, const std::string& reason,
                                                         int64_t now_ms) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "discarding a delivery");
  auto row = deliveryById(id);
  if (!row) return std::nullopt;
  if (row->state != DeliveryState::kPending && row->state != DeliveryState::kDead) {
    throw StoreError("delivery " + std::to_string(id) + " is " + deliveryStateName(row->state) +
                     "; only a pending or dead delivery can be discarded");
  }
  {
    StatementUse st(connection_.cached(
        "UPDATE deliveries SET state = 'discarded', finished_ms = ?2, last_error = ?3, "
        "lease_owner = NULL, lease_until_ms = NULL WHERE id = ?1"));
    st->bind(1, id);
    st->bind(2, now_ms);
    st->bind(3, "discarded: " + reason);
    st->step("discarding a delivery");
  }
  forgetBodyIfFinished(id);
  row = deliveryById(id);
  transaction.commit();
  return row;
}

void SqliteOutboxStore::forgetBodyIfFinished(int64_t delivery_id) {
  StatementUse st(connection_.cached(
      "UPDATE notifications SET body = '' WHERE id = (SELECT notification_id FROM deliveries "
      "WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.notification_id = "
      "notifications.id AND e.state IN ('pending', 'dead'))"));
  st->bind(1, delivery_id);
  st->step("forgetting a delivered notification's body");
}

OutboxStore::Depth SqliteOutboxStore::depth(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  Depth depth;
  StatementUse st(connection_.cached(
      "SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'dead'), 0), "
      "MIN(CASE WHEN state = 'pending' THEN created_ms END) FROM deliveries "
      "WHERE state IN ('pending', 'dead')"));
  if (st->step("measuring the outbox")) {
    depth.pending = st->columnInt(0);
    depth.dead = st->columnInt(1);
    if (!st->columnIsNull(2)) depth.oldest_pending_ms = now_ms - st->columnInt(2);
  }
  return depth;
}

}  // namespace renkei

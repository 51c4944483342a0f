// SqliteGatewayStore: what makes its 情報提供等記録 evidence beyond the hash chain: the signed
// checkpoints of the chain head and the retention purges (gateway_store.h).
#include "adapters/mynumber/sqlite_gateway_store.h"

#include <tuple>

#include "broker/store/store.h"

namespace renkei::mynumber {

std::optional<ChainHead> SqliteGatewayStore::chainHead() {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached("SELECT seq, hash FROM provision_records ORDER BY seq DESC LIMIT 1"));
  if (!s->step("reading the chain's head")) return std::nullopt;
  return ChainHead{s->columnInt(0), s->columnText(1)};
}

int64_t SqliteGatewayStore::signedThrough() {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached("SELECT COALESCE(MAX(seq), 0) FROM provision_checkpoints"));
  s->step("reading the checkpoints");
  return s->columnInt(0);
}

void SqliteGatewayStore::appendCheckpoint(AuditCheckpoint& c) {
  std::lock_guard<std::mutex> lock(mutex_);
  insertCheckpoint(c);
  c.id = db_.queryInt("SELECT last_insert_rowid()", "storing a checkpoint of the records");
}

void SqliteGatewayStore::insertCheckpoint(const AuditCheckpoint& c) {
  StatementUse s(
      db_.cached("INSERT INTO provision_checkpoints(seq, head_hash, time, instance_id, key_id, "
                 "signature, tsa_token) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, c.seq);
  s->bind(2, c.head_hash);
  s->bind(3, c.time);
  s->bind(4, c.instance_id);
  s->bind(5, c.key_id);
  s->bind(6, c.signature);
  s->bind(7, c.tsa_token);
  s->step("storing a checkpoint of the records");
}

std::vector<AuditCheckpoint> SqliteGatewayStore::checkpoints() {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteStatement s(db_,
                    "SELECT id, seq, head_hash, time, instance_id, key_id, signature, tsa_token "
                    "FROM provision_checkpoints ORDER BY id");
  std::vector<AuditCheckpoint> list;
  while (s.step("reading the checkpoints")) {
    AuditCheckpoint c;
    c.id = s.columnInt(0);
    c.seq = s.columnInt(1);
    c.head_hash = s.columnText(2);
    c.time = s.columnText(3);
    c.instance_id = s.columnText(4);
    c.key_id = s.columnText(5);
    c.signature = s.columnText(6);
    c.tsa_token = s.columnText(7);
    list.push_back(std::move(c));
  }
  return list;
}

PurgeResult SqliteGatewayStore::purgeBefore(const std::string& cutoff, const std::string& actor,
                                            const std::string& now_utc,
                                            const CheckpointSigner* signer,
                                            const std::string& instance_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteTransaction tx(db_, "purging provision records past retention");
  PurgeResult result;
  std::vector<std::tuple<int64_t, std::string, std::string>> rows;
  {
    // requested_at's first ten characters are its JST date.
    SqliteStatement s(db_,
                      "SELECT seq, hash, substr(requested_at, 1, 10) FROM provision_records "
                      "ORDER BY seq");
    while (s.step("reading provision records to purge")) {
      rows.emplace_back(s.columnInt(0), s.columnText(1), s.columnText(2));
      if (s.columnText(2) >= cutoff) break;  // the first record kept: nothing after it goes
    }
  }
  const std::string anchor_hash = purgeRange(rows, cutoff, result);
  if (result.count == 0) return result;
  {
    StatementUse del(db_.cached("DELETE FROM provision_records WHERE seq <= ?"));
    del->bind(1, result.last_seq);
    del->step("purging provision records");
  }
  ProvisionPurge purge;
  purge.purged_at = now_utc;
  purge.cutoff = cutoff;
  purge.first_seq = result.first_seq;
  purge.last_seq = result.last_seq;
  purge.count = result.count;
  purge.anchor_hash = anchor_hash;
  purge.actor = actor;
  const std::string purge_hash = provisionPurgeHash(purge, purgeChainHead(selectPurges()));
  {
    StatementUse s(
        db_.cached("INSERT INTO provision_purges(purged_at, cutoff, first_seq, last_seq, count, "
                   "anchor_hash, actor) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s->bind(1, purge.purged_at);
    s->bind(2, purge.cutoff);
    s->bind(3, purge.first_seq);
    s->bind(4, purge.last_seq);
    s->bind(5, purge.count);
    s->bind(6, purge.anchor_hash);
    s->bind(7, purge.actor);
    s->step("recording the purge");
  }
  if (signer != nullptr) {
    // The purge's own checkpoint, in the same transaction: it signs the purge evidence's hash
    // (which covers the anchor, the last removed record's hash), so the chain's new start and
    // the count, range, dates and actor of the purge are vouched for from the moment the records
    // are gone. The head is signed too, so that what remains is covered at once, not only at
    // the gateway's next checkpoint.
    insertCheckpoint(signedCheckpoint(*signer, result.last_seq, purge_hash, now_utc, instance_id));
    StatementUse head(
        db_.cached("SELECT seq, hash FROM provision_records ORDER BY seq DESC LIMIT 1"));
    if (head->step("reading the chain's head")) {
      const int64_t head_seq = head->columnInt(0);
      const std::string head_hash = head->columnText(1);
      while (head->step("reading the chain's head")) {
      }
      insertCheckpoint(signedCheckpoint(*signer, head_seq, head_hash, now_utc, instance_id));
    }
    result.signed_anchor = true;
  }
  tx.commit();
  return result;
}

std::vector<ProvisionPurge> SqliteGatewayStore::purges() {
  std::lock_guard<std::mutex> lock(mutex_);
  return selectPurges();
}

std::vector<ProvisionPurge> SqliteGatewayStore::selectPurges() {
  SqliteStatement s(db_,
                    "SELECT id, purged_at, cutoff, first_seq, last_seq, count, anchor_hash, actor "
                    "FROM provision_purges ORDER BY id");
  std::vector<ProvisionPurge> list;
  while (s.step("reading the purges")) {
    ProvisionPurge p;
    p.id = s.columnInt(0);
    p.purged_at = s.columnText(1);
    p.cutoff = s.columnText(2);
    p.first_seq = s.columnInt(3);
    p.last_seq = s.columnInt(4);
    p.count = s.columnInt(5);
    p.anchor_hash = s.columnText(6);
    p.actor = s.columnText(7);
    list.push_back(std::move(p));
  }
  return list;
}

}  // namespace renkei::mynumber

#include "adapters/mynumber/postgres_gateway_store.h"

#include <tuple>

namespace renkei::mynumber {
namespace {

constexpr const char* kRecordColumns =
    "SELECT seq, record_id, atena_no, requester, provider, jimu_code, jimu_tetsuzuki, items, "
    "requested_at, provided_at, result, detail, unit, prev_hash, hash FROM provision_records ";

ProvisionRecord recordOf(const PgResult& r, int i) {
  ProvisionRecord record;
  record.seq = r.integer(i, 0);
  record.record_id = r.text(i, 1);
  record.atena_no = r.text(i, 2);
  record.requester = r.text(i, 3);
  record.provider = r.text(i, 4);
  record.jimu_code = r.text(i, 5);
  record.jimu_tetsuzuki = r.text(i, 6);
  record.items = itemsFromColumn(r.text(i, 7));
  record.requested_at = r.text(i, 8);
  record.provided_at = r.text(i, 9);
  record.result = resultFromName(r.text(i, 10));
  record.detail = r.text(i, 11);
  record.unit = r.text(i, 12);
  record.prev_hash = r.text(i, 13);
  record.hash = r.text(i, 14);
  return record;
}

}  // namespace

PostgresGatewayStore::PostgresGatewayStore(const std::string& conninfo) : session_(conninfo) {}

std::optional<std::string> PostgresGatewayStore::fugoOf(const std::string& atena_no) {
  std::lock_guard<std::mutex> lock(mutex_);
  const PgResult r = session_.db().query("SELECT fugo FROM fugo_map WHERE atena_no = $1",
                                         {atena_no}, "reading the 符号 map");
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

std::optional<std::string> PostgresGatewayStore::atenaOf(const std::string& fugo) {
  std::lock_guard<std::mutex> lock(mutex_);
  const PgResult r = session_.db().query("SELECT atena_no FROM fugo_map WHERE fugo = $1", {fugo},
                                         "reading the 符号 map");
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

bool PostgresGatewayStore::rememberFugo(const std::string& atena_no, const std::string& fugo,
                                        const std::string& acquired_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  return session_.db()
             .query(
                 "INSERT INTO fugo_map (atena_no, fugo, acquired_at) VALUES ($1, $2, $3) "
                 "ON CONFLICT (atena_no) DO NOTHING",
                 {atena_no, fugo, acquired_at}, "keeping a 符号")
             .affected() > 0;
}

std::optional<ChainHead> PostgresGatewayStore::head() {
  const PgResult r =
      session_.db().exec("SELECT seq, hash FROM provision_records ORDER BY seq DESC LIMIT 1",
                         "reading the chain's head");
  if (r.rows() == 0) return std::nullopt;
  return ChainHead{r.integer(0, 0), r.text(0, 1)};
}

ProvisionRecord PostgresGatewayStore::append(ProvisionRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  PgConnection& db = session_.db();
  PgTransaction tx(db, "appending a provision record");
  lockGatewayPg(db, kGatewayPgChainLock, "waiting to append a provision record");
  const std::optional<ChainHead> last = head();
  record.seq = last ? last->seq + 1 : 1;
  record.prev_hash = last ? last->hash : "";
  record.hash = provisionRecordHash(record);
  db.query(
      "INSERT INTO provision_records (seq, record_id, atena_no, requester, provider, jimu_code, "
      "jimu_tetsuzuki, items, requested_at, provided_at, result, detail, unit, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
      {std::to_string(record.seq), record.record_id, record.atena_no, record.requester,
       record.provider, record.jimu_code, record.jimu_tetsuzuki, itemsColumn(record.items),
       record.requested_at, record.provided_at, std::string(resultName(record.result)),
       record.detail, record.unit, record.prev_hash, record.hash},
      "appending a provision record");
  tx.commit();
  return record;
}

std::vector<ProvisionRecord> PostgresGatewayStore::select(const std::string& where,
                                                          const PgParams& params) {
  const PgResult r = session_.db().query(std::string(kRecordColumns) + where + " ORDER BY seq",
                                         params, "reading provision records");
  std::vector<ProvisionRecord> records;
  for (int i = 0; i < r.rows(); ++i) records.push_back(recordOf(r, i));
  return records;
}

std::vector<ProvisionRecord> PostgresGatewayStore::recordsFor(const std::string& atena_no,
                                                              const std::string& from_date,
                                                              const std::string& to_date) {
  std::lock_guard<std::mutex> lock(mutex_);
  // requested_at is JST ISO 8601: its first ten characters are the JST date of the bounds.
  return select(
      "WHERE atena_no = $1 AND ($2 = '' OR substr(requested_at, 1, 10) >= $2) "
      "AND ($3 = '' OR substr(requested_at, 1, 10) <= $3)",
      {atena_no, from_date, to_date});
}

std::vector<ProvisionRecord> PostgresGatewayStore::allRecords() {
  std::lock_guard<std::mutex> lock(mutex_);
  return select("", {});
}

std::optional<ChainHead> PostgresGatewayStore::chainHead() {
  std::lock_guard<std::mutex> lock(mutex_);
  return head();
}

int64_t PostgresGatewayStore::signedThrough() {
  std::lock_guard<std::mutex> lock(mutex_);
  return session_.db()
      .exec("SELECT COALESCE(MAX(seq), 0) FROM provision_checkpoints", "reading the checkpoints")
      .integer(0, 0);
}

int64_t PostgresGatewayStore::insertCheckpoint(const AuditCheckpoint& c) {
  return session_.db()
      .query(
          "INSERT INTO provision_checkpoints (seq, head_hash, time, instance_id, key_id, "
          "signature, tsa_token) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {std::to_string(c.seq), c.head_hash, c.time, c.instance_id, c.key_id, c.signature,
           c.tsa_token},
          "storing a checkpoint of the records")
      .integer(0, 0);
}

void PostgresGatewayStore::appendCheckpoint(AuditCheckpoint& c) {
  std::lock_guard<std::mutex> lock(mutex_);
  c.id = insertCheckpoint(c);
}

std::vector<AuditCheckpoint> PostgresGatewayStore::checkpoints() {
  std::lock_guard<std::mutex> lock(mutex_);
  const PgResult r = session_.db().exec(
      "SELECT id, seq, head_hash, time, instance_id, key_id, signature, tsa_token "
      "FROM provision_checkpoints ORDER BY id",
      "reading the checkpoints");
  std::vector<AuditCheckpoint> list;
  for (int i = 0; i < r.rows(); ++i) {
    AuditCheckpoint c;
    c.id = r.integer(i, 0);
    c.seq = r.integer(i, 1);
    c.head_hash = r.text(i, 2);
    c.time = r.text(i, 3);
    c.instance_id = r.text(i, 4);
    c.key_id = r.text(i, 5);
    c.signature = r.text(i, 6);
    c.tsa_token = r.text(i, 7);
    list.push_back(std::move(c));
  }
  return list;
}

PurgeResult PostgresGatewayStore::purgeBefore(const std::string& cutoff, const std::string& actor,
                                              const std::string& now_utc,
                                              const CheckpointSigner* signer,
                                              const std::string& instance_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  PgConnection& db = session_.db();
  PgTransaction tx(db, "purging provision records past retention");
  lockGatewayPg(db, kGatewayPgChainLock, "waiting to purge provision records");
  PurgeResult result;
  std::vector<std::tuple<int64_t, std::string, std::string>> rows;
  {
    // Only the records before the cutoff can go, and the first one kept ends the purge.
    const PgResult r = db.query(
        "SELECT seq, hash, substr(requested_at, 1, 10) FROM provision_records WHERE seq <= "
        "COALESCE((SELECT MIN(seq) FROM provision_records WHERE substr(requested_at, 1, 10) >= "
        "$1), (SELECT MAX(seq) FROM provision_records)) ORDER BY seq",
        {cutoff}, "reading provision records to purge");
    for (int i = 0; i < r.rows(); ++i)
      rows.emplace_back(r.integer(i, 0), r.text(i, 1), r.text(i, 2));
  }
  const std::string anchor_hash = purgeRange(rows, cutoff, result);
  if (result.count == 0) return result;
  db.query("DELETE FROM provision_records WHERE seq <= $1", {std::to_string(result.last_seq)},
           "purging provision records");
  ProvisionPurge purge;
  purge.purged_at = now_utc;
  purge.cutoff = cutoff;
  purge.first_seq = result.first_seq;
  purge.last_seq = result.last_seq;
  purge.count = result.count;
  purge.anchor_hash = anchor_hash;
  purge.actor = actor;
  const std::string purge_hash = provisionPurgeHash(purge, purgeChainHead(selectPurges()));
  db.query(
      "INSERT INTO provision_purges (purged_at, cutoff, first_seq, last_seq, count, anchor_hash, "
      "actor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {purge.purged_at, purge.cutoff, std::to_string(purge.first_seq),
       std::to_string(purge.last_seq), std::to_string(purge.count), purge.anchor_hash, purge.actor},
      "recording the purge");
  if (signer != nullptr) {
    // As on SQLite: the purge's evidence and the head, signed in the purge's transaction.
    insertCheckpoint(signedCheckpoint(*signer, result.last_seq, purge_hash, now_utc, instance_id));
    if (const std::optional<ChainHead> remaining = head()) {
      insertCheckpoint(
          signedCheckpoint(*signer, remaining->seq, remaining->hash, now_utc, instance_id));
    }
    result.signed_anchor = true;
  }
  tx.commit();
  return result;
}

std::vector<ProvisionPurge> PostgresGatewayStore::purges() {
  std::lock_guard<std::mutex> lock(mutex_);
  return selectPurges();
}

std::vector<ProvisionPurge> PostgresGatewayStore::selectPurges() {
  const PgResult r = session_.db().exec(
      "SELECT id, purged_at, cutoff, first_seq, last_seq, count, anchor_hash, actor "
      "FROM provision_purges ORDER BY id",
      "reading the purges");
  std::vector<ProvisionPurge> list;
  for (int i = 0; i < r.rows(); ++i) {
    list.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.integer(i, 3), r.integer(i, 4),
                    r.integer(i, 5), r.text(i, 6), r.text(i, 7)});
  }
  return list;
}

}  // namespace renkei::mynumber

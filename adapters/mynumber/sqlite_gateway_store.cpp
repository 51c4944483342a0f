#include "adapters/mynumber/sqlite_gateway_store.h"

#include "broker/store/store.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS fugo_map (
  atena_no    TEXT PRIMARY KEY,
  fugo        TEXT NOT NULL,
  acquired_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fugo_map_fugo ON fugo_map(fugo);
CREATE TABLE IF NOT EXISTS provision_records (
  seq            INTEGER PRIMARY KEY,
  record_id      TEXT NOT NULL UNIQUE,
  atena_no       TEXT NOT NULL,
  requester      TEXT NOT NULL,
  provider       TEXT NOT NULL,
  jimu_code      TEXT NOT NULL,
  jimu_tetsuzuki TEXT NOT NULL,
  items          TEXT NOT NULL,
  requested_at   TEXT NOT NULL,
  provided_at    TEXT NOT NULL,
  result         TEXT NOT NULL,
  detail         TEXT NOT NULL,
  unit           TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS provision_records_person ON provision_records(atena_no, seq);
CREATE TABLE IF NOT EXISTS provision_checkpoints (
  id          INTEGER PRIMARY KEY,
  seq         INTEGER NOT NULL,
  head_hash   TEXT NOT NULL,
  time        TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  signature   TEXT NOT NULL,
  tsa_token   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS provision_purges (
  id          INTEGER PRIMARY KEY,
  purged_at   TEXT NOT NULL,
  cutoff      TEXT NOT NULL,
  first_seq   INTEGER NOT NULL,
  last_seq    INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  anchor_hash TEXT NOT NULL,
  actor       TEXT NOT NULL
);
)";

}  // namespace

SqliteGatewayStore::SqliteGatewayStore(const std::string& path) : db_(path) {
  // busy_timeout: the 副本 (fukuhon_store.h) is written through a second connection to this file.
  db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;",
           "opening the gateway store");
  db_.exec(kSchema, "creating the gateway store's tables");
}

std::optional<std::string> SqliteGatewayStore::fugoOf(const std::string& atena_no) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached("SELECT fugo FROM fugo_map WHERE atena_no = ?"));
  s->bind(1, atena_no);
  if (!s->step("reading the 符号 map")) return std::nullopt;
  return s->columnText(0);
}

std::optional<std::string> SqliteGatewayStore::atenaOf(const std::string& fugo) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached("SELECT atena_no FROM fugo_map WHERE fugo = ?"));
  s->bind(1, fugo);
  if (!s->step("reading the 符号 map")) return std::nullopt;
  return s->columnText(0);
}

bool SqliteGatewayStore::rememberFugo(const std::string& atena_no, const std::string& fugo,
                                      const std::string& acquired_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(
      db_.cached("INSERT INTO fugo_map(atena_no, fugo, acquired_at) VALUES (?, ?, ?) "
                 "ON CONFLICT(atena_no) DO NOTHING"));
  s->bind(1, atena_no);
  s->bind(2, fugo);
  s->bind(3, acquired_at);
  s->step("keeping a 符号");
  return db_.changes() > 0;
}

ProvisionRecord SqliteGatewayStore::append(ProvisionRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteTransaction tx(db_, "appending a provision record");
  {
    StatementUse last(
        db_.cached("SELECT seq, hash FROM provision_records ORDER BY seq DESC LIMIT 1"));
    if (last->step("reading the chain's head")) {
      record.seq = last->columnInt(0) + 1;
      record.prev_hash = last->columnText(1);
    } else {
      record.seq = 1;
      record.prev_hash.clear();
    }
  }
  record.hash = provisionRecordHash(record);
  StatementUse s(db_.cached(
      "INSERT INTO provision_records(seq, record_id, atena_no, requester, provider, jimu_code, "
      "jimu_tetsuzuki, items, requested_at, provided_at, result, detail, unit, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, record.seq);
  s->bind(2, record.record_id);
  s->bind(3, record.atena_no);
  s->bind(4, record.requester);
  s->bind(5, record.provider);
  s->bind(6, record.jimu_code);
  s->bind(7, record.jimu_tetsuzuki);
  s->bind(8, itemsColumn(record.items));
  s->bind(9, record.requested_at);
  s->bind(10, record.provided_at);
  s->bind(11, resultName(record.result));
  s->bind(12, record.detail);
  s->bind(13, record.unit);
  s->bind(14, record.prev_hash);
  s->bind(15, record.hash);
  s->step("appending a provision record");
  tx.commit();
  return record;
}

std::vector<ProvisionRecord> SqliteGatewayStore::select(const std::string& where,
                                                        const std::vector<std::string>& params) {
  SqliteStatement s(db_,
                    "SELECT seq, record_id, atena_no, requester, provider, jimu_code, "
                    "jimu_tetsuzuki, items, requested_at, provided_at, result, detail, unit, "
                    "prev_hash, hash FROM provision_records " +
                        where + " ORDER BY seq");
  for (std::size_t i = 0; i < params.size(); ++i) s.bind(static_cast<int>(i + 1), params[i]);
  std::vector<ProvisionRecord> records;
  while (s.step("reading provision records")) {
    ProvisionRecord r;
    r.seq = s.columnInt(0);
    r.record_id = s.columnText(1);
    r.atena_no = s.columnText(2);
    r.requester = s.columnText(3);
    r.provider = s.columnText(4);
    r.jimu_code = s.columnText(5);
    r.jimu_tetsuzuki = s.columnText(6);
    r.items = itemsFromColumn(s.columnText(7));
    r.requested_at = s.columnText(8);
    r.provided_at = s.columnText(9);
    r.result = resultFromName(s.columnText(10));
    r.detail = s.columnText(11);
    r.unit = s.columnText(12);
    r.prev_hash = s.columnText(13);
    r.hash = s.columnText(14);
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<ProvisionRecord> SqliteGatewayStore::recordsFor(const std::string& atena_no,
                                                            const std::string& from_date,
                                                            const std::string& to_date) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string where = "WHERE atena_no = ?";
  std::vector<std::string> params = {atena_no};
  // requested_at is JST ISO 8601 ("2026-12-02T14:03:11+09:00"): its first ten characters are
  // the JST date the bounds are given in.
  if (!from_date.empty()) {
    where += " AND substr(requested_at, 1, 10) >= ?";
    params.push_back(from_date);
  }
  if (!to_date.empty()) {
    where += " AND substr(requested_at, 1, 10) <= ?";
    params.push_back(to_date);
  }
  return select(where, params);
}

std::vector<ProvisionRecord> SqliteGatewayStore::allRecords() {
  std::lock_guard<std::mutex> lock(mutex_);
  return select("", {});
}

}  // namespace renkei::mynumber

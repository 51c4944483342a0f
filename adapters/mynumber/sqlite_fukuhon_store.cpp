#include "adapters/mynumber/sqlite_fukuhon_store.h"

#include "adapters/mynumber/fukuhon_values.h"
#include "broker/store/store.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS fukuhon (
  atena_no     TEXT NOT NULL,
  item         TEXT NOT NULL,
  fugo         TEXT NOT NULL,
  teikyo_joho  TEXT NOT NULL,
  fukaiji_code TEXT NOT NULL,
  version      INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  batch_id     TEXT NOT NULL,
  PRIMARY KEY (atena_no, item)
);
CREATE INDEX IF NOT EXISTS fukuhon_fugo ON fukuhon(fugo, item);
CREATE TABLE IF NOT EXISTS fukuhon_history (
  atena_no     TEXT NOT NULL,
  item         TEXT NOT NULL,
  version      INTEGER NOT NULL,
  fugo         TEXT NOT NULL,
  teikyo_joho  TEXT NOT NULL,
  fukaiji_code TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  batch_id     TEXT NOT NULL,
  replaced_at  TEXT NOT NULL,
  PRIMARY KEY (atena_no, item, version)
);
CREATE INDEX IF NOT EXISTS fukuhon_history_fugo ON fukuhon_history(fugo, item, version);
CREATE TABLE IF NOT EXISTS fukuhon_batch_records (
  batch_id   TEXT NOT NULL,
  record_no  INTEGER NOT NULL,
  digest     TEXT NOT NULL,
  version    INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (batch_id, record_no)
);
)";

constexpr const char* kRowColumns =
    "SELECT atena_no, item, fugo, teikyo_joho, fukaiji_code, version, updated_at, batch_id, '' "
    "FROM fukuhon ";
constexpr const char* kHistoryColumns =
    "SELECT atena_no, item, fugo, teikyo_joho, fukaiji_code, version, updated_at, batch_id, "
    "replaced_at FROM fukuhon_history ";

Fukuhon rowOf(const SqliteStatement& s) {
  Fukuhon row;
  row.atena_no = s.columnText(0);
  row.item = s.columnText(1);
  row.fugo = s.columnText(2);
  row.values = decodeFukuhonValues(s.columnText(3));
  row.fukaiji_code = s.columnText(4);
  row.version = s.columnInt(5);
  row.updated_at = s.columnText(6);
  row.batch_id = s.columnText(7);
  row.replaced_at = s.columnText(8);
  return row;
}

}  // namespace

SqliteFukuhonStore::SqliteFukuhonStore(const std::string& path) : db_(path) {
  db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;",
           "opening the 副本 store");
  db_.exec(kSchema, "creating the 副本 tables");
}

std::vector<EntryResult> SqliteFukuhonStore::registerBatch(const std::string& batch_id,
                                                           const std::vector<FukuhonEntry>& entries,
                                                           const FugoLookup& fugo_of,
                                                           const std::string& now) {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteTransaction tx(db_, "registering a 副本 batch");
  std::vector<EntryResult> results;
  results.reserve(entries.size());
  for (const FukuhonEntry& entry : entries) results.push_back(apply(batch_id, entry, fugo_of, now));
  tx.commit();
  return results;
}

EntryResult SqliteFukuhonStore::apply(const std::string& batch_id, const FukuhonEntry& entry,
                                      const FugoLookup& fugo_of, const std::string& now) {
  EntryResult result;
  result.record_no = entry.record_no;
  const std::string digest = fukuhonEntryDigest(entry);
  {
    StatementUse seen(db_.cached(
        "SELECT digest, version FROM fukuhon_batch_records WHERE batch_id = ? AND record_no = ?"));
    seen->bind(1, batch_id);
    seen->bind(2, entry.record_no);
    if (seen->step("reading the batch's applied records")) {
      result.outcome = seen->columnText(0) == digest ? EntryOutcome::kAlreadyApplied
                                                     : EntryOutcome::kResentDifferently;
      result.version = seen->columnInt(1);
      return result;
    }
  }
  // Not remembered: once its 符号 is obtained, the same batch re-sent registers it.
  const std::optional<std::string> fugo = fugo_of(entry.atena_no);
  if (!fugo) {
    result.outcome = EntryOutcome::kNoFugo;
    return result;
  }
  {
    // The version being replaced is kept, not overwritten: a 照会 for the 年度 it holds is still
    // answered from it (provision_service.cpp), and `fukuhon --history` lists it. In the batch's
    // transaction, so a re-sent batch neither loses nor doubles a version.
    StatementUse keep(db_.cached(
        "INSERT INTO fukuhon_history(atena_no, item, version, fugo, teikyo_joho, fukaiji_code, "
        "updated_at, batch_id, replaced_at) SELECT atena_no, item, version, fugo, teikyo_joho, "
        "fukaiji_code, updated_at, batch_id, ? FROM fukuhon WHERE atena_no = ? AND item = ?"));
    keep->bind(1, now);
    keep->bind(2, entry.atena_no);
    keep->bind(3, entry.item);
    keep->step("keeping the 副本's earlier version");
  }
  {
    StatementUse upsert(
        db_.cached("INSERT INTO fukuhon(atena_no, item, fugo, teikyo_joho, fukaiji_code, version, "
                   "updated_at, batch_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
                   "ON CONFLICT(atena_no, item) DO UPDATE SET fugo = excluded.fugo, "
                   "teikyo_joho = excluded.teikyo_joho, fukaiji_code = excluded.fukaiji_code, "
                   "version = fukuhon.version + 1, updated_at = excluded.updated_at, "
                   "batch_id = excluded.batch_id RETURNING version"));
    upsert->bind(1, entry.atena_no);
    upsert->bind(2, entry.item);
    upsert->bind(3, *fugo);
    upsert->bind(4, encodeFukuhonValues(entry.values));
    upsert->bind(5, entry.fukaiji_code);
    upsert->bind(6, now);
    upsert->bind(7, batch_id);
    if (!upsert->step("writing a 副本 row")) throw StoreError("writing a 副本 row: no version");
    result.version = upsert->columnInt(0);
    while (upsert->step("writing a 副本 row")) {
    }
  }
  StatementUse remember(
      db_.cached("INSERT INTO fukuhon_batch_records(batch_id, record_no, digest, version, "
                 "applied_at) VALUES (?, ?, ?, ?, ?)"));
  remember->bind(1, batch_id);
  remember->bind(2, entry.record_no);
  remember->bind(3, digest);
  remember->bind(4, result.version);
  remember->bind(5, now);
  remember->step("remembering a batch record");
  result.outcome = EntryOutcome::kRegistered;
  return result;
}

std::optional<Fukuhon> SqliteFukuhonStore::find(const std::string& fugo, const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached(std::string(kRowColumns) + "WHERE fugo = ? AND item = ?"));
  s->bind(1, fugo);
  s->bind(2, item);
  if (!s->step("reading the 副本")) return std::nullopt;
  return rowOf(*s);
}

std::vector<Fukuhon> SqliteFukuhonStore::list(const std::string& atena_no,
                                              const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  // "" matches every row: one statement serves all four combinations.
  StatementUse s(db_.cached(std::string(kRowColumns) +
                            "WHERE (? = '' OR atena_no = ?) AND (? = '' OR item = ?) "
                            "ORDER BY atena_no, item"));
  s->bind(1, atena_no);
  s->bind(2, atena_no);
  s->bind(3, item);
  s->bind(4, item);
  std::vector<Fukuhon> rows;
  while (s->step("listing the 副本")) rows.push_back(rowOf(*s));
  return rows;
}

std::vector<Fukuhon> SqliteFukuhonStore::earlierVersions(const std::string& fugo,
                                                         const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached(std::string(kHistoryColumns) +
                            "WHERE fugo = ? AND item = ? ORDER BY version DESC"));
  s->bind(1, fugo);
  s->bind(2, item);
  std::vector<Fukuhon> rows;
  while (s->step("reading the 副本's earlier versions")) rows.push_back(rowOf(*s));
  return rows;
}

std::vector<Fukuhon> SqliteFukuhonStore::listWithHistory(const std::string& atena_no,
                                                         const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  StatementUse s(db_.cached(std::string(kRowColumns) +
                            "WHERE (?1 = '' OR atena_no = ?1) AND (?2 = '' OR item = ?2) "
                            "UNION ALL " +
                            kHistoryColumns +
                            "WHERE (?1 = '' OR atena_no = ?1) AND (?2 = '' OR item = ?2) "
                            "ORDER BY 1, 2, 6 DESC"));
  s->bind(1, atena_no);
  s->bind(2, item);
  std::vector<Fukuhon> rows;
  while (s->step("listing the 副本 and its history")) rows.push_back(rowOf(*s));
  return rows;
}

int64_t SqliteFukuhonStore::rowCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return db_.queryInt("SELECT count(*) FROM fukuhon", "counting 副本 rows");
}

}  // namespace renkei::mynumber

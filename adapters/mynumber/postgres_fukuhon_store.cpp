#include "adapters/mynumber/postgres_fukuhon_store.h"

#include "adapters/mynumber/fukuhon_values.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kRowColumns =
    "SELECT atena_no, item, fugo, teikyo_joho, fukaiji_code, version, updated_at, batch_id, '' "
    "FROM fukuhon ";
constexpr const char* kHistoryColumns =
    "SELECT atena_no, item, fugo, teikyo_joho, fukaiji_code, version, updated_at, batch_id, "
    "replaced_at FROM fukuhon_history ";

Fukuhon rowOf(const PgResult& r, int i) {
  Fukuhon row;
  row.atena_no = r.text(i, 0);
  row.item = r.text(i, 1);
  row.fugo = r.text(i, 2);
  row.values = decodeFukuhonValues(r.text(i, 3));
  row.fukaiji_code = r.text(i, 4);
  row.version = r.integer(i, 5);
  row.updated_at = r.text(i, 6);
  row.batch_id = r.text(i, 7);
  row.replaced_at = r.text(i, 8);
  return row;
}

}  // namespace

PostgresFukuhonStore::PostgresFukuhonStore(const std::string& conninfo) : session_(conninfo) {}

std::vector<EntryResult> PostgresFukuhonStore::registerBatch(
    const std::string& batch_id, const std::vector<FukuhonEntry>& entries,
    const FugoLookup& fugo_of, const std::string& now) {
  std::lock_guard<std::mutex> lock(mutex_);
  PgConnection& db = session_.db();
  PgTransaction tx(db, "registering a 副本 batch");
  lockGatewayPg(db, kGatewayPgFukuhonLock, "waiting to register a 副本 batch");
  std::vector<EntryResult> results;
  results.reserve(entries.size());
  for (const FukuhonEntry& entry : entries) {
    results.push_back(apply(db, batch_id, entry, fugo_of, now));
  }
  tx.commit();
  return results;
}

EntryResult PostgresFukuhonStore::apply(PgConnection& db, const std::string& batch_id,
                                        const FukuhonEntry& entry, const FugoLookup& fugo_of,
                                        const std::string& now) {
  EntryResult result;
  result.record_no = entry.record_no;
  const std::string digest = fukuhonEntryDigest(entry);
  const std::string record_no = std::to_string(entry.record_no);
  const PgResult seen = db.query(
      "SELECT digest, version FROM fukuhon_batch_records WHERE batch_id = $1 AND record_no = $2",
      {batch_id, record_no}, "reading the batch's applied records");
  if (seen.rows() > 0) {
    result.outcome = seen.text(0, 0) == digest ? EntryOutcome::kAlreadyApplied
                                               : EntryOutcome::kResentDifferently;
    result.version = seen.integer(0, 1);
    return result;
  }
  // Not remembered: once its 符号 is obtained, the same batch re-sent registers it.
  const std::optional<std::string> fugo = fugo_of(entry.atena_no);
  if (!fugo) {
    result.outcome = EntryOutcome::kNoFugo;
    return result;
  }
  // The version being replaced is kept (fukuhon_store.h), in this transaction.
  db.query(
      "INSERT INTO fukuhon_history (atena_no, item, version, fugo, teikyo_joho, fukaiji_code, "
      "updated_at, batch_id, replaced_at) SELECT atena_no, item, version, fugo, teikyo_joho, "
      "fukaiji_code, updated_at, batch_id, $1 FROM fukuhon WHERE atena_no = $2 AND item = $3",
      {now, entry.atena_no, entry.item}, "keeping the 副本's earlier version");
  const PgResult written = db.query(
      "INSERT INTO fukuhon (atena_no, item, fugo, teikyo_joho, fukaiji_code, version, "
      "updated_at, batch_id) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) "
      "ON CONFLICT (atena_no, item) DO UPDATE SET fugo = excluded.fugo, "
      "teikyo_joho = excluded.teikyo_joho, fukaiji_code = excluded.fukaiji_code, "
      "version = fukuhon.version + 1, updated_at = excluded.updated_at, "
      "batch_id = excluded.batch_id RETURNING version",
      {entry.atena_no, entry.item, *fugo, encodeFukuhonValues(entry.values), entry.fukaiji_code,
       now, batch_id},
      "writing a 副本 row");
  result.version = written.integer(0, 0);
  db.query(
      "INSERT INTO fukuhon_batch_records (batch_id, record_no, digest, version, applied_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {batch_id, record_no, digest, std::to_string(result.version), now},
      "remembering a batch record");
  result.outcome = EntryOutcome::kRegistered;
  return result;
}

std::vector<Fukuhon> PostgresFukuhonStore::rows(const std::string& sql, const PgParams& params,
                                                const char* doing) {
  const PgResult r = session_.db().query(sql, params, doing);
  std::vector<Fukuhon> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rowOf(r, i));
  return out;
}

std::optional<Fukuhon> PostgresFukuhonStore::find(const std::string& fugo,
                                                  const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Fukuhon> found = rows(std::string(kRowColumns) + "WHERE fugo = $1 AND item = $2",
                                    {fugo, item}, "reading the 副本");
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Fukuhon> PostgresFukuhonStore::list(const std::string& atena_no,
                                                const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows(std::string(kRowColumns) +
                  "WHERE ($1 = '' OR atena_no = $1) AND ($2 = '' OR item = $2) "
                  "ORDER BY atena_no, item",
              {atena_no, item}, "listing the 副本");
}

std::vector<Fukuhon> PostgresFukuhonStore::earlierVersions(const std::string& fugo,
                                                           const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows(std::string(kHistoryColumns) + "WHERE fugo = $1 AND item = $2 ORDER BY version DESC",
              {fugo, item}, "reading the 副本's earlier versions");
}

std::vector<Fukuhon> PostgresFukuhonStore::listWithHistory(const std::string& atena_no,
                                                           const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows(std::string(kRowColumns) +
                  "WHERE ($1 = '' OR atena_no = $1) AND ($2 = '' OR item = $2) UNION ALL " +
                  kHistoryColumns +
                  "WHERE ($1 = '' OR atena_no = $1) AND ($2 = '' OR item = $2) "
                  "ORDER BY 1, 2, 6 DESC",
              {atena_no, item}, "listing the 副本 and its history");
}

int64_t PostgresFukuhonStore::rowCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return session_.db().exec("SELECT count(*) FROM fukuhon", "counting 副本 rows").integer(0, 0);
}

}  // namespace renkei::mynumber

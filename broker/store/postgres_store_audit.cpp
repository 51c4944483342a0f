// PostgresStore: the audit trail, one hash chain shared by every broker instance.
#include <algorithm>
#include <limits>

#include "broker/audit/audit_hash.h"
#include "broker/store/postgres_schema.h"
#include "broker/store/postgres_store.h"

namespace renkei {

namespace {

// Bounded so forEachAudit's memory does not grow with the trail.
constexpr int kAuditPageSize = 500;
// Rows per INSERT: one round trip for a typical group-committed batch, far below libpq's
// 65535-parameter limit (15 parameters a row).
constexpr size_t kInsertChunk = 500;
constexpr int kAuditFields = 15;
// How much earlier than the broker's deadline the server stops accepting the COMMIT.
constexpr std::chrono::milliseconds kCommitMargin{100};

constexpr const char* kAuditColumns =
    "seq, time, message_id, sender, receiver, service, purpose, link_id, outcome, fault_code, "
    "latency_us, request_sha256, response_sha256, prev_hash, hash";

AuditRecord readAuditRow(const PgResult& rows, int i) {
  AuditRecord r;
  r.seq = rows.integer(i, 0);
  r.time = rows.text(i, 1);
  r.message_id = rows.text(i, 2);
  r.sender = rows.text(i, 3);
  r.receiver = rows.text(i, 4);
  r.service = rows.text(i, 5);
  r.purpose = rows.text(i, 6);
  if (!rows.isNull(i, 7)) r.link_id = rows.integer(i, 7);
  r.outcome = rows.text(i, 8);
  r.fault_code = rows.text(i, 9);
  r.latency_us = rows.integer(i, 10);
  r.request_sha256 = rows.text(i, 11);
  r.response_sha256 = rows.text(i, 12);
  r.prev_hash = rows.text(i, 13);
  r.hash = rows.text(i, 14);
  return r;
}

void appendAuditParams(PgParams& params, const AuditRecord& r) {
  params.push_back(std::to_string(r.seq));
  params.push_back(r.time);
  params.push_back(r.message_id);
  params.push_back(r.sender);
  params.push_back(r.receiver);
  params.push_back(r.service);
  params.push_back(r.purpose);
  params.push_back(r.link_id ? std::optional<std::string>(std::to_string(*r.link_id))
                             : std::nullopt);
  params.push_back(r.outcome);
  params.push_back(r.fault_code);
  params.push_back(std::to_string(r.latency_us));
  params.push_back(r.request_sha256);
  params.push_back(r.response_sha256);
  params.push_back(r.prev_hash);
  params.push_back(r.hash);
}

void insertChunk(PgConnection& db, const std::vector<AuditRecord>& batch, size_t begin,
                 size_t end) {
  std::string sql = std::string("INSERT INTO audit (") + kAuditColumns + ") VALUES ";
  PgParams params;
  params.reserve((end - begin) * kAuditFields);
  int n = 0;
  for (size_t i = begin; i < end; ++i) {
    sql += i == begin ? "(" : ", (";
    for (int f = 0; f < kAuditFields; ++f) {
      if (f > 0) sql += ", ";
      sql += "$" + std::to_string(++n);
    }
    sql += ")";
    appendAuditParams(params, batch[i]);
  }
  db.query(sql, params, "appending audit records");
}

}  // namespace

void PostgresStore::appendAudit(std::vector<AuditRecord>& batch) {
  appendAuditBefore(batch, kNoDeadline);
}

void PostgresStore::appendAuditBefore(std::vector<AuditRecord>& batch,
                                      std::chrono::steady_clock::time_point commit_by) {
  if (batch.empty()) return;
  // The whole transaction is repeated when a pooled connection turns out dead: nothing of it
  // was committed, and the chain head is read again inside the new one.
  pgWithRetry(audit_pool_, commit_by,
              [&](PgConnection& db) { appendAuditOn(db, batch, commit_by); });
  ++audit_transactions_;
}

void PostgresStore::appendAuditOn(PgConnection& db, std::vector<AuditRecord>& batch,
                                  std::chrono::steady_clock::time_point commit_by) {
  // The server refuses the COMMIT after this moment (trigger audit_commit_by, migration 2), so
  // a COMMIT that reaches a stopped server and runs only once it resumes cannot land after the
  // caller was told Server.AuditUnavailable. Earlier than our own deadline by a margin that
  // covers the way back of the COMMIT's answer.
  std::string server_budget;
  if (commit_by != kNoDeadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        commit_by - std::chrono::steady_clock::now() - kCommitMargin);
    if (left.count() <= 0) throw StoreError("appending audit batch: no time left to commit");
    server_budget = std::to_string(left.count()) + " milliseconds";
  }
  PgTransaction transaction(db, "appending audit batch");
  // Every instance takes the same lock before reading the head, so batches from two brokers
  // queue here and each one links onto the other's last record: one chain, no gaps, no forks.
  // Released by COMMIT or ROLLBACK, so a crashed broker can never leave it held. The deadline is
  // set first: the lock wait counts against it.
  db.query(
      "SELECT set_config('renkei.commit_by', CASE WHEN $3 = '' THEN '' ELSE "
      "(clock_timestamp() + $3::interval)::text END, true), "
      "pg_advisory_xact_lock($1, $2)",
      {std::to_string(kPgLockClass), std::to_string(kPgAuditChainLock), server_budget},
      "waiting for the audit chain lock");
  int64_t seq = 0;
  std::string prev_hash;
  const PgResult head = db.exec("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                                "reading the audit chain head");
  if (head.rows() == 1) {
    seq = head.integer(0, 0);
    prev_hash = head.text(0, 1);
  }
  for (auto& r : batch) {
    r.seq = ++seq;
    r.prev_hash = prev_hash;
    r.hash = chainHash(r);
    prev_hash = r.hash;
  }
  for (size_t begin = 0; begin < batch.size(); begin += kInsertChunk) {
    insertChunk(db, batch, begin, std::min(batch.size(), begin + kInsertChunk));
  }
  // synchronous_commit is on (PgConnection makes sure), so COMMIT returns once the WAL is flushed.
  // A COMMIT without an answer may have landed: never repeat it (pgWithRetry repeats PgError).
  try {
    transaction.commit();
  } catch (const PgError& e) {
    throw StoreError(e.what());
  }
}

void PostgresStore::forEachAuditAfter(int64_t after_seq,
                                      const std::function<bool(const AuditRecord&)>& visit) {
  int64_t after = after_seq;
  for (;;) {
    std::vector<AuditRecord> page;
    {
      const PgResult rows = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
        return db.query(std::string("SELECT ") + kAuditColumns +
                            " FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
                        {std::to_string(after), std::to_string(kAuditPageSize)},
                        "reading the audit trail");
      });
      page.reserve(rows.rows());
      for (int i = 0; i < rows.rows(); ++i) page.push_back(readAuditRow(rows, i));
    }
    for (const auto& record : page) {
      if (!visit(record)) return;
    }
    if (static_cast<int>(page.size()) < kAuditPageSize) return;
    after = page.back().seq;
  }
}

}  // namespace renkei

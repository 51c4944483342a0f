// PostgresStore: the audit trail, one hash chain shared by every broker instance.
#include <algorithm>
#include <limits>

#include "broker/audit/admin_audit.h"
#include "broker/audit/audit_hash.h"
#include "broker/store/postgres_audit_rows.h"
#include "broker/store/postgres_schema.h"
#include "broker/store/postgres_store.h"

namespace renkei {

namespace {

// Bounded so forEachAudit's memory does not grow with the trail.
constexpr int kAuditPageSize = 500;
// Rows per INSERT: one round trip for a typical group-committed batch, far below libpq's
// 65535-parameter limit (21 parameters a row).
constexpr size_t kInsertChunk = 500;
// How much earlier than the broker's deadline the server stops accepting the COMMIT.
constexpr std::chrono::milliseconds kCommitMargin{100};

void insertChunk(PgConnection& db, const std::vector<AuditRecord>& batch, size_t begin,
                 size_t end) {
  std::string sql = std::string("INSERT INTO audit (") + kPgAuditColumns + ") VALUES ";
  PgParams params;
  params.reserve((end - begin) * kPgAuditFields);
  int n = 0;
  for (size_t i = begin; i < end; ++i) {
    sql += i == begin ? "(" : ", (";
    for (int f = 0; f < kPgAuditFields; ++f) {
      if (f > 0) sql += ", ";
      sql += "$" + std::to_string(++n);
    }
    sql += ")";
    appendPgAuditParams(params, batch[i]);
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
  chainAndInsertAudit(db, batch);
  // synchronous_commit is on (PgConnection makes sure), so COMMIT returns once the WAL is flushed.
  // A COMMIT without an answer may have landed: never repeat it (pgWithRetry repeats PgError).
  // The server refusing it (the deadline trigger) is an answer: nothing was committed.
  try {
    transaction.commit();
  } catch (const PgError& e) {
    if (db.healthy()) throw StoreError(e.what());
    throw AuditCommitUnknownError(e.what());
  }
}

std::optional<std::string> PostgresStore::auditHashAt(int64_t seq,
                                                      std::chrono::milliseconds timeout) {
  const PgResult row =
      pgWithRetry(audit_pool_, std::chrono::steady_clock::now() + timeout, [&](PgConnection& db) {
        return db.query("SELECT hash FROM audit WHERE seq = $1", {std::to_string(seq)},
                        "reading an audit record's hash");
      });
  if (row.rows() != 1) return std::nullopt;
  return row.text(0, 0);
}

void PostgresStore::chainAndInsertAudit(PgConnection& db, std::vector<AuditRecord>& batch) {
  int64_t seq = 0;
  std::string prev_hash;
  const PgResult head = db.exec("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                                "reading the audit chain head");
  if (head.rows() == 1) {
    seq = head.integer(0, 0);
    prev_hash = head.text(0, 1);
  }
  linkToChain(batch, seq, std::move(prev_hash));
  for (size_t begin = 0; begin < batch.size(); begin += kInsertChunk) {
    insertChunk(db, batch, begin, std::min(batch.size(), begin + kInsertChunk));
  }
}

void PostgresStore::appendAdminAudit(PgConnection& db, const LinkChange& row,
                                     const ChangeContext& change) {
  appendAuditRecordOn(db, adminAuditRecord(row, change));
}

void PostgresStore::appendAuditRecordOn(PgConnection& db, AuditRecord record) {
  // The same chain lock as audit batches, taken after the change's own lock (registry, admin
  // users); batches take only the chain lock, so the two orders cannot deadlock.
  db.query("SELECT pg_advisory_xact_lock($1, $2)",
           {std::to_string(kPgLockClass), std::to_string(kPgAuditChainLock)},
           "waiting for the audit chain lock");
  std::vector<AuditRecord> batch{std::move(record)};
  chainAndInsertAudit(db, batch);
}

void PostgresStore::forEachAuditAfter(int64_t after_seq,
                                      const std::function<bool(const AuditRecord&)>& visit) {
  int64_t after = after_seq;
  for (;;) {
    std::vector<AuditRecord> page;
    {
      const PgResult rows = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
        return db.query(std::string("SELECT ") + kPgAuditColumns +
                            " FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
                        {std::to_string(after), std::to_string(kAuditPageSize)},
                        "reading the audit trail");
      });
      page.reserve(rows.rows());
      for (int i = 0; i < rows.rows(); ++i) page.push_back(readPgAuditRow(rows, i));
    }
    for (const auto& record : page) {
      if (!visit(record)) return;
    }
    if (static_cast<int>(page.size()) < kAuditPageSize) return;
    after = page.back().seq;
  }
}

std::vector<AuditRecord> PostgresStore::auditRecordsWithMessageId(const std::string& message_id) {
  const PgResult rows = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
    return db.query(
        std::string("SELECT ") + kPgAuditColumns + " FROM audit WHERE message_id = $1 ORDER BY seq",
        {message_id}, "reading the audit trail");
  });
  std::vector<AuditRecord> found;
  found.reserve(rows.rows());
  for (int i = 0; i < rows.rows(); ++i) found.push_back(readPgAuditRow(rows, i));
  return found;
}

std::optional<Store::AuditHead> PostgresStore::auditHead() {
  const PgResult head = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
    return db.exec("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                   "reading the audit chain head");
  });
  if (head.rows() != 1) return std::nullopt;
  return AuditHead{head.integer(0, 0), head.text(0, 1)};
}

void PostgresStore::appendCheckpoint(AuditCheckpoint& c) {
  const PgResult row = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
    return db.query(
        "INSERT INTO audit_checkpoint (seq, head_hash, time, instance_id, key_id, signature, "
        "tsa_token) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {std::to_string(c.seq), c.head_hash, c.time, c.instance_id, c.key_id, c.signature,
         c.tsa_token},
        "storing an audit checkpoint");
  });
  c.id = row.integer(0, 0);
}

std::vector<AuditCheckpoint> PostgresStore::auditCheckpoints() {
  const PgResult rows = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
    return db.exec(
        std::string("SELECT ") + kPgCheckpointColumns + " FROM audit_checkpoint ORDER BY id",
        "reading audit checkpoints");
  });
  std::vector<AuditCheckpoint> checkpoints;
  for (int i = 0; i < rows.rows(); ++i) checkpoints.push_back(readPgCheckpointRow(rows, i));
  return checkpoints;
}

}  // namespace renkei

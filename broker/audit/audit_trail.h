#pragma once
// Where the audit trail is persisted: the part of the store (broker/store) that the audit
// writer, the checkpointer and the verifier need. Declared here and implemented by the store, so
// the audit component does not depend on the store. Every method throws StoreError on failure.
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "broker/audit/audit_checkpoint.h"
#include "broker/core/audit_record.h"
#include "broker/core/store_error.h"

namespace renkei {

// The COMMIT of an audit batch was sent but its answer never came (the connection was lost, or
// no answer in time): the records may be in the trail or not. Not a plain failure, because
// writing them again could put them there twice; the seq and hash linkToChain gave the batch's
// first record tell which (auditHashAt).
class AuditCommitUnknownError : public StoreError {
 public:
  using StoreError::StoreError;
};

class AuditTrail {
 public:
  virtual ~AuditTrail() = default;

  // Appends records to the hash chain in one transaction: reads the chain head, assigns seq,
  // prev_hash and hash to each record in order (linkToChain, audit_hash.h), inserts them, commits.
  // When this returns, the records are durable.
  virtual void appendAudit(std::vector<AuditRecord>& batch) = 0;
  // appendAudit with a deadline, for the audit writer whose callers wait on it: gives up (throws)
  // rather than commit after `commit_by`. PostgreSQL enforces it on the server too, so a COMMIT
  // that reaches a hung server and is only executed after it resumes is refused there instead of
  // landing behind the broker's back. The default ignores the deadline (stores without waits).
  virtual void appendAuditBefore(std::vector<AuditRecord>& batch,
                                 std::chrono::steady_clock::time_point commit_by) {
    (void)commit_by;
    appendAudit(batch);
  }
  // One cheap round trip (SELECT 1), bounded by `timeout`; throws StoreError when the store
  // cannot be reached. The audit writer probes with it while the store is down.
  virtual void ping(std::chrono::milliseconds timeout) = 0;
  // Visits the records with seq > after_seq in seq order; stop by returning false. Records are
  // committed in seq order, so a reader that remembers the last seq it saw can pick up exactly
  // the records appended since (reports::TrafficCache does).
  virtual void forEachAuditAfter(int64_t after_seq,
                                 const std::function<bool(const AuditRecord&)>& visit) = 0;
  // Every record that carries this MessageId, in seq order (a retry or a refused replay of a
  // message is a record of its own). No index on message_id is kept (its cost on every insert
  // is in bench/RESULTS.md), so a store answers with a scan unless its operator created one.
  // The default reads the trail through forEachAuditAfter.
  virtual std::vector<AuditRecord> auditRecordsWithMessageId(const std::string& message_id) {
    std::vector<AuditRecord> found;
    forEachAuditAfter(std::numeric_limits<int64_t>::min(), [&](const AuditRecord& record) {
      if (record.message_id == message_id) found.push_back(record);
      return true;
    });
    return found;
  }
  // The last record's seq and hash; nullopt while the trail is empty.
  struct AuditHead {
    int64_t seq = 0;
    std::string hash;
  };
  virtual std::optional<AuditHead> auditHead() = 0;
  // The hash of the record at `seq`, nullopt when there is none; bounded by `timeout` where the
  // store can wait (PostgreSQL). The audit writer asks after an AuditCommitUnknownError. The
  // default reads the trail from there, for an embedded store that cannot hang.
  virtual std::optional<std::string> auditHashAt(int64_t seq, std::chrono::milliseconds timeout) {
    (void)timeout;
    std::optional<std::string> hash;
    forEachAuditAfter(seq - 1, [&](const AuditRecord& record) {
      if (record.seq == seq) hash = record.hash;
      return false;
    });
    return hash;
  }
  // Stores a signed checkpoint (its id is assigned). Checkpoints are append-only, like the trail.
  virtual void appendCheckpoint(AuditCheckpoint& checkpoint) = 0;
  // Every checkpoint, oldest first. Few: one per N records or T seconds.
  virtual std::vector<AuditCheckpoint> auditCheckpoints() = 0;

  // The whole trail, from the smallest possible seq, so a row planted at seq <= 0 is still
  // shown to the verifier.
  void forEachAudit(const std::function<bool(const AuditRecord&)>& visit) {
    forEachAuditAfter(std::numeric_limits<int64_t>::min(), visit);
  }
};

}  // namespace renkei

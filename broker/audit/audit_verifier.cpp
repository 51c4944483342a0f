#include "broker/audit/audit_verifier.h"

#include <map>
#include <optional>

#include "broker/audit/audit_hash.h"
#include "broker/audit/audit_trail.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/timestamp_token.h"

namespace renkei {

namespace {

std::string seqText(int64_t seq) { return std::to_string(seq); }

// A second pass, done only once something is already wrong, so the normal walk stays streaming
// and needs no index of every hash in memory.
std::optional<int64_t> findSeqWithHash(const AuditRecordWalk& walk, const std::string& hash) {
  std::optional<int64_t> found;
  walk([&](const AuditRecord& r) {
    if (r.hash == hash) found = r.seq;
    return !found;
  });
  return found;
}

AuditVerification failure(int64_t checked, int64_t seq, AuditTamperKind kind, std::string message) {
  return {false, checked, seq, kind, std::move(message)};
}

// Checks a record beyond its place in the chain (its stored types, signed checkpoints). Called
// for each record that passed the chain checks; returns the failure to report, if any.
using RecordCheck =
    std::function<std::optional<AuditVerification>(const AuditRecord&, int64_t checked)>;

AuditVerification walkChain(const AuditRecordWalk& walk, const RecordCheck& check);

std::string checkpointName(const AuditCheckpoint& c) {
  return "checkpoint " + seqText(c.id) + " (record " + seqText(c.seq) + ", signed " + c.time + ")";
}

}  // namespace

const char* auditTamperKindName(AuditTamperKind kind) {
  switch (kind) {
    case AuditTamperKind::kNone:
      return "none";
    case AuditTamperKind::kEdited:
      return "edited";
    case AuditTamperKind::kDeleted:
      return "deleted";
    case AuditTamperKind::kReordered:
      return "reordered";
    case AuditTamperKind::kForged:
      return "forged checkpoint";
    case AuditTamperKind::kUnsigned:
      return "unsigned";
  }
  return "unknown";
}

AuditVerification verifyAuditChain(const AuditRecordWalk& walk) {
  return walkChain(walk, [](const AuditRecord&, int64_t) { return std::nullopt; });
}

AuditVerification verifyAuditChain(AuditTrail& store) {
  return verifyAuditChain([&](const auto& visit) { store.forEachAudit(visit); });
}

namespace {

AuditVerification walkChain(const AuditRecordWalk& walk, const RecordCheck& check) {
  AuditVerification result;
  std::optional<AuditRecord> previous;
  // The first record seen that breaks the chain; classified after the walk.
  std::optional<AuditRecord> suspect;
  std::optional<AuditVerification> checked_failure;
  bool seen_newer_format = false;

  walk([&](const AuditRecord& r) {
    // A value of another type than its column's is an edit, whatever the hash says: reading it
    // with a conversion could make it hash like the original.
    if (!r.read_problem.empty()) {
      checked_failure = failure(result.records_checked, r.seq, AuditTamperKind::kEdited,
                                "record " + seqText(r.seq) + " was edited: " + r.read_problem);
      return false;
    }
    // Formats only ever rise along the trail; an older one after a newer one would let an
    // editor drop the fields the newer format adds to the hash.
    if (seen_newer_format && r.format < kAuditFormatCurrent) {
      checked_failure =
          failure(result.records_checked, r.seq, AuditTamperKind::kEdited,
                  "record " + seqText(r.seq) + " was edited: its format (" +
                      std::to_string(r.format) + ") is older than that of records before it");
      return false;
    }
    seen_newer_format = seen_newer_format || r.format >= kAuditFormatCurrent;
    const int64_t expected_seq = previous ? previous->seq + 1 : 1;
    const std::string expected_prev = previous ? previous->hash : std::string();
    if (r.seq != expected_seq || r.prev_hash != expected_prev || chainHash(r) != r.hash) {
      suspect = r;
      return false;
    }
    if (auto bad = check(r, result.records_checked)) {
      checked_failure = std::move(bad);
      return false;
    }
    previous = r;
    ++result.records_checked;
    return true;
  });
  if (checked_failure) return *checked_failure;
  if (!suspect) return result;

  const AuditRecord& r = *suspect;
  const int64_t checked = result.records_checked;
  const int64_t expected_seq = previous ? previous->seq + 1 : 1;

  // A gap in seq: the store assigns seq without gaps, so the missing numbers were deleted.
  if (r.seq > expected_seq) {
    const std::string missing =
        r.seq - expected_seq == 1
            ? "record " + seqText(expected_seq) + " was deleted"
            : "records " + seqText(expected_seq) + " to " + seqText(r.seq - 1) + " were deleted";
    const std::string after =
        previous ? "record " + seqText(r.seq) + " follows record " + seqText(previous->seq)
                 : "the trail starts at record " + seqText(r.seq);
    return failure(checked, expected_seq, AuditTamperKind::kDeleted, missing + ": " + after);
  }

  const bool content_ok = chainHash(r) == r.hash;
  const std::string expected_prev = previous ? previous->hash : std::string();
  if (r.prev_hash != expected_prev && !r.prev_hash.empty()) {
    // Seq is part of the hashed content, so a record moved to another position also fails the
    // content check; its prev_hash still naming an existing record is what tells the two apart.
    if (auto points_to = findSeqWithHash(walk, r.prev_hash)) {
      return failure(checked, r.seq, AuditTamperKind::kReordered,
                     "record " + seqText(r.seq) +
                         " is out of order: its chain link points to record " +
                         seqText(*points_to) + ", not to the record before it");
    }
    if (content_ok && previous) {
      // Intact record whose predecessor is gone: the row before it was deleted and replaced
      // (or rewritten with a freshly computed hash).
      return failure(checked, previous->seq, AuditTamperKind::kDeleted,
                     "record " + seqText(previous->seq) + " was deleted or replaced: record " +
                         seqText(r.seq) + " links to a record that no longer exists");
    }
  }
  if (!content_ok) {
    return failure(
        checked, r.seq, AuditTamperKind::kEdited,
        "record " + seqText(r.seq) + " was edited: its stored hash does not match its content");
  }
  if (r.seq < expected_seq) {
    return failure(checked, r.seq, AuditTamperKind::kReordered,
                   "record " + seqText(r.seq) + " appears after record " +
                       seqText(expected_seq - 1) + " in the trail");
  }
  // Content intact, seq in place, but the link is wrong with no record to point at: the first
  // record claims a predecessor, or its predecessor's hash was changed.
  return failure(checked, r.seq, AuditTamperKind::kDeleted,
                 "record " + seqText(r.seq) +
                     " links to a record that is not in the trail: earlier records were deleted");
}

}  // namespace

AuditVerification verifyAuditTrail(const AuditRecordWalk& walk,
                                   const std::vector<AuditCheckpoint>& checkpoints,
                                   const CheckpointVerifier& key, const std::string& tsa_ca_file) {
  // Signatures first: a forged checkpoint must not be used to judge any record.
  std::map<int64_t, const AuditCheckpoint*> by_seq;
  int64_t timestamps = 0;
  std::string last_timestamp;
  for (const auto& c : checkpoints) {
    if (!c.read_problem.empty()) {
      return failure(0, c.seq, AuditTamperKind::kForged,
                     checkpointName(c) + " was edited: " + c.read_problem);
    }
    if (c.key_id != key.keyId()) {
      return failure(0, c.seq, AuditTamperKind::kForged,
                     checkpointName(c) + " names a key other than the one given (key id " +
                         c.key_id.substr(0, 16) + "..., expected " + key.keyId().substr(0, 16) +
                         "...)");
    }
    if (!key.verify(checkpointPayload(c), c.signature)) {
      return failure(
          0, c.seq, AuditTamperKind::kForged,
          checkpointName(c) + " has an invalid signature: it was forged or altered after signing");
    }
    if (!c.tsa_token.empty()) {
      const TimestampCheck stamp = checkTimestamp(c.tsa_token, checkpointPayload(c), tsa_ca_file);
      if (!stamp.ok) {
        return failure(0, c.seq, AuditTamperKind::kForged,
                       checkpointName(c) + " has a timestamp that does not hold: " + stamp.error);
      }
      ++timestamps;
      last_timestamp = stamp.time;
    }
    by_seq[c.seq] = &c;
  }

  int64_t last_matching = 0;  // seq of the last checkpoint whose record still matches
  AuditVerification result = walkChain(
      walk, [&](const AuditRecord& r, int64_t checked) -> std::optional<AuditVerification> {
        const auto it = by_seq.find(r.seq);
        if (it == by_seq.end()) return std::nullopt;
        if (it->second->head_hash != r.hash) {
          // The chain is consistent here, so every hash after the edit was recomputed: the edit is
          // somewhere after the last record a checkpoint still vouches for.
          const int64_t from = last_matching + 1;
          const std::string where = from == r.seq
                                        ? "record " + seqText(r.seq)
                                        : "records " + seqText(from) + " to " + seqText(r.seq);
          return failure(checked, from, AuditTamperKind::kEdited,
                         where + (from == r.seq ? " was" : " were") +
                             " changed after they were signed and the chain was recomputed: " +
                             checkpointName(*it->second) + " signed another hash for record " +
                             seqText(r.seq));
        }
        last_matching = r.seq;
        return std::nullopt;
      });
  if (!result.ok) return result;

  result.checkpoints_checked = static_cast<int64_t>(checkpoints.size());
  result.timestamps_checked = timestamps;
  result.last_timestamp = last_timestamp;
  result.signed_through_seq = by_seq.empty() ? 0 : by_seq.rbegin()->first;
  const int64_t last = result.records_checked;  // the chain is gapless from 1
  if (result.signed_through_seq > last) {
    const AuditCheckpoint& c = *by_seq.rbegin()->second;
    return failure(last, last + 1, AuditTamperKind::kDeleted,
                   "records " + seqText(last + 1) + " to " + seqText(c.seq) +
                       " were deleted: " + checkpointName(c) + " vouches for " + seqText(c.seq) +
                       " records, the trail ends at " + seqText(last));
  }
  if (by_seq.empty() && last > 0) {
    return failure(last, 1, AuditTamperKind::kUnsigned,
                   "no signed checkpoint covers the trail (" + seqText(last) +
                       " records): checkpoints were deleted, or the broker ran without "
                       "<audit checkpointKey>");
  }
  return result;
}

AuditVerification verifyAuditTrail(AuditTrail& store, const CheckpointVerifier& key,
                                   const std::string& tsa_ca_file) {
  return verifyAuditTrail([&](const auto& visit) { store.forEachAudit(visit); },
                          store.auditCheckpoints(), key, tsa_ca_file);
}

}  // namespace renkei

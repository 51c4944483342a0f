#include "broker/audit/audit_verifier.h"

#include <optional>

#include "broker/audit/audit_hash.h"

namespace renkei {

namespace {

std::string seqText(int64_t seq) { return std::to_string(seq); }

// A second pass, done only once something is already wrong, so the normal walk stays streaming
// and needs no index of every hash in memory.
std::optional<int64_t> findSeqWithHash(Store& store, const std::string& hash) {
  std::optional<int64_t> found;
  store.forEachAudit([&](const AuditRecord& r) {
    if (r.hash == hash) found = r.seq;
    return !found;
  });
  return found;
}

AuditVerification failure(int64_t checked, int64_t seq, AuditTamperKind kind, std::string message) {
  return {false, checked, seq, kind, std::move(message)};
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
  }
  return "unknown";
}

AuditVerification verifyAuditChain(Store& store) {
  AuditVerification result;
  std::optional<AuditRecord> previous;
  // The first record seen that breaks the chain; classified after the walk.
  std::optional<AuditRecord> suspect;

  store.forEachAudit([&](const AuditRecord& r) {
    const int64_t expected_seq = previous ? previous->seq + 1 : 1;
    const std::string expected_prev = previous ? previous->hash : std::string();
    if (r.seq != expected_seq || r.prev_hash != expected_prev || chainHash(r) != r.hash) {
      suspect = r;
      return false;
    }
    previous = r;
    ++result.records_checked;
    return true;
  });
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
    if (auto points_to = findSeqWithHash(store, r.prev_hash)) {
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

}  // namespace renkei

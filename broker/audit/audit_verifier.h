#pragma once
// Walks the audit trail and checks the hash chain: every record's hash must match its content,
// and every record must point (prev_hash) at the record just before it.
//
// The chain alone cannot show that records were deleted from the *tail*, or that a record was
// edited and every hash after it recomputed: both leave a consistent chain. Given the public
// key, the verifier also checks the signed checkpoints of the chain head (audit_checkpoint.h):
// each must carry a valid signature, and the record at its seq must still have the hash it
// signed. The guards in the database (triggers, roles) make tampering harder; the checkpoints
// are what show it happened even when the guards were dropped first.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "broker/audit/audit_checkpoint.h"
#include "broker/core/audit_record.h"

namespace renkei {

class AuditTrail;
class CheckpointVerifier;

enum class AuditTamperKind {
  kNone,
  kEdited,     // a record's content differs from what was written (hash, type or signed head)
  kDeleted,    // records are missing: a seq gap, a prev_hash naming no record, a signed tail
  kReordered,  // a record's prev_hash names an existing record other than its predecessor
  kForged,     // a checkpoint whose signature does not verify with the key
  kUnsigned,   // a key was given but no checkpoint covers the trail
};

const char* auditTamperKindName(AuditTamperKind kind);

struct AuditVerification {
  bool ok = true;
  // Records whose hash and link were verified; on failure, those before the first bad one.
  int64_t records_checked = 0;
  // Only meaningful when !ok.
  int64_t first_bad_seq = 0;
  AuditTamperKind kind = AuditTamperKind::kNone;
  std::string message;  // plain English, for operators: "record 7 was edited: ..."
  // With a key: how many checkpoints verified, and the seq the last one covers. Records after
  // it are chained but not yet signed (a crash before the next checkpoint leaves some).
  int64_t checkpoints_checked = 0;
  int64_t signed_through_seq = 0;
  // RFC 3161 timestamps found on checkpoints and checked (their signature too with a TSA CA).
  int64_t timestamps_checked = 0;
  std::string last_timestamp;  // the TSA's time on the newest timestamped checkpoint
};

// Calls its argument with every record in seq order until it returns false. Lets one verifier
// read a store or an exported bundle.
using AuditRecordWalk = std::function<void(const std::function<bool(const AuditRecord&)>&)>;

// The chain only. Stops at the first problem found, walking in seq order.
AuditVerification verifyAuditChain(const AuditRecordWalk& walk);
AuditVerification verifyAuditChain(AuditTrail& store);

// The chain and the checkpoints signed by `key`. A checkpoint's RFC 3161 timestamp, when it has
// one, must cover it; with `tsa_ca_file` its TSA signature must verify up to that CA too.
AuditVerification verifyAuditTrail(const AuditRecordWalk& walk,
                                   const std::vector<AuditCheckpoint>& checkpoints,
                                   const CheckpointVerifier& key,
                                   const std::string& tsa_ca_file = "");
AuditVerification verifyAuditTrail(AuditTrail& store, const CheckpointVerifier& key,
                                   const std::string& tsa_ca_file = "");

}  // namespace renkei

#pragma once
// Walks the audit trail and checks the hash chain: every record's hash must match its content,
// and every record must point (prev_hash) at the record just before it.
//
// Limit, on purpose for now: deleting records from the *tail* leaves a shorter chain that is
// still perfectly consistent. Only an external anchor (the head hash and seq periodically
// published or countersigned outside the database, e.g. to governance or a timestamping service)
// can detect that. Likewise someone who rewrites every hash from the edit point onward produces
// a valid-looking chain; the same anchor catches it.
#include <cstdint>
#include <string>

#include "broker/store/store.h"

namespace renkei {

enum class AuditTamperKind {
  kNone,
  kEdited,     // a record's stored hash does not match its content
  kDeleted,    // records are missing: a seq gap, or a prev_hash naming no existing record
  kReordered,  // a record's prev_hash names an existing record other than its predecessor
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
};

// Stops at the first problem found, walking in seq order.
AuditVerification verifyAuditChain(Store& store);

}  // namespace renkei

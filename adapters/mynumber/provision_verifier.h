#pragma once
// Replays the 情報提供等記録 chain (provision_record.h) and, given the checkpoint public key,
// checks it against the signed checkpoints the gateway stored beside it (the audit trail's format
// and key, audit_checkpoint.h). The chain alone shows a record altered, removed or inserted in
// the middle; only the signatures show records cut from the end, or a record altered with every
// hash after it recomputed, and that the records a retention purge removed went by a purge.
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/mynumber/provision_record.h"
#include "broker/audit/audit_checkpoint.h"

namespace renkei {
class CheckpointVerifier;
}

namespace renkei::mynumber {

enum class ChainProblem {
  kNone,
  kAltered,    // a record's fields differ from what was hashed, or from what a checkpoint signed
  kRemoved,    // records missing in the chain, or at its start without a signed purge
  kInserted,   // a record that does not follow the one before it
  kTruncated,  // records cut from the end: a checkpoint vouches for more than there is
  kForged,     // a checkpoint whose signature does not verify with the key
  kUnsigned,   // a key was given but no checkpoint covers the records
};
const char* chainProblemName(ChainProblem problem);  // "altered", "removed", ...

struct ChainCheck {
  int64_t records = 0;  // records read
  ChainProblem problem = ChainProblem::kNone;
  int64_t first_broken_seq = 0;  // the record the problem shows at (0 for a checkpoint's own)
  std::string reason;            // plain words, for the operator
  bool ok() const { return problem == ChainProblem::kNone; }

  // With a key: checkpoints verified, and the newest seq one vouches for. Records after it are
  // chained but not signed yet (the gateway signs every N records or T seconds).
  int64_t checkpoints_checked = 0;
  int64_t signed_through = 0;
  int64_t purged_through = 0;  // the last purge's anchor seq; 0 when nothing was purged
  // With a key: checkpoints carrying an RFC 3161 timestamp that covers them, and the newest
  // one's time as the TSA gave it.
  int64_t timestamps_checked = 0;
  std::string last_timestamp;
};

// `records` in seq order, `purges` and `checkpoints` as stored (oldest first). `key` null: the
// chain only (from the last purge's anchor). A checkpoint's RFC 3161 timestamp is checked with
// the key, like the audit trail's (timestamp_token.h); `tsa_ca_file` (PEM) also checks the TSA's
// signature, "" leaves it unchecked.
ChainCheck verifyProvisionChain(const std::vector<ProvisionRecord>& records,
                                const std::vector<ProvisionPurge>& purges,
                                const std::vector<AuditCheckpoint>& checkpoints,
                                const CheckpointVerifier* key, const std::string& tsa_ca_file = "");

}  // namespace renkei::mynumber

#pragma once
// What AuditCheckpointer signs: a hash chain's head, and where its signed checkpoints are kept.
// The broker's audit trail is one (in its store); the My Number gateway's 情報提供等記録 are
// another (in the gateway's own store), signed with the same key in the same format, so one
// public key and one verifier's notion of a checkpoint cover both.
#include <cstdint>
#include <optional>
#include <string>

#include "broker/audit/audit_checkpoint.h"

namespace renkei {

struct ChainHead {
  int64_t seq = 0;
  std::string hash;
};

class CheckpointedChain {
 public:
  virtual ~CheckpointedChain() = default;
  // The last record's seq and hash; nullopt while the chain is empty.
  virtual std::optional<ChainHead> chainHead() = 0;
  // The highest seq a stored checkpoint covers; 0 when none is stored.
  virtual int64_t signedThrough() = 0;
  // Stores a signed checkpoint (its id is assigned).
  virtual void appendCheckpoint(AuditCheckpoint& checkpoint) = 0;
};

}  // namespace renkei

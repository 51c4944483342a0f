#pragma once
// A signed statement "the chain had `seq` records and its head hash was `head_hash`". Kept in
// the store beside the trail and in exported bundles. Deleting tail records, or editing one and
// recomputing every hash after it, leaves a chain that is consistent in itself; only a
// signature made with a key the database does not hold can show that it is not the chain that
// was.
#include <cstdint>
#include <string>

namespace renkei {

struct AuditCheckpoint {
  int64_t id = 0;         // assigned by the store
  int64_t seq = 0;        // the chain head this checkpoint covers
  std::string head_hash;  // hash of record `seq`
  std::string time;       // UTC, ISO 8601, when it was signed
  std::string instance_id;
  std::string key_id;     // SHA-256 hex of the raw Ed25519 public key (checkpoint_signer.h)
  std::string signature;  // hex Ed25519 signature over checkpointPayload()
  std::string tsa_token;  // base64 DER RFC 3161 TimeStampResp over the payload; "" when none

  std::string read_problem;  // as AuditRecord::read_problem; not part of the checkpoint
};

// The exact bytes that are signed (and timestamped): length-prefixed fields under a format tag,
// so no two checkpoints share a payload and nothing else the key signs can look like one.
std::string checkpointPayload(const AuditCheckpoint& checkpoint);

}  // namespace renkei

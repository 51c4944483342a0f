#pragma once
// The My Number gateway's own store: the 宛名番号 -> 符号 map of this institution and the chained
// 情報提供等記録 (provision_record.h), with the signed checkpoints of that chain (the audit
// trail's format and key, audit_checkpoint.h) and the evidence of each retention purge. Kept
// apart from the broker's store on purpose: the 符号 never belongs to the broker, and a broker
// operator's reports never see it. On SQLite (a file, sqlite_gateway_store.h) or PostgreSQL
// (postgres_gateway_store.h), opened by gateway_store_factory.h; every backend keeps the same
// contract (tests/mynumber/gateway_store_contract_test.cpp), so the chain and its verification
// do not depend on where it is kept.
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "adapters/mynumber/provision_record.h"
#include "adapters/mynumber/provision_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/checkpointed_chain.h"

namespace renkei::mynumber {

// What a purge removed; count 0 when nothing was past retention.
struct PurgeResult {
  int64_t count = 0;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  bool signed_anchor = false;  // a checkpoint now vouches for the purge and its anchor
};

class GatewayStore : public CheckpointedChain {
 public:
  // This institution's 符号 for the person, if obtained.
  virtual std::optional<std::string> fugoOf(const std::string& atena_no) = 0;
  // The person this institution's 符号 stands for (情報提供: the network names them so).
  virtual std::optional<std::string> atenaOf(const std::string& fugo) = 0;
  // Keeps the 符号 for the person; false when one was already kept (it is not replaced).
  virtual bool rememberFugo(const std::string& atena_no, const std::string& fugo,
                            const std::string& acquired_at) = 0;

  // Appends to the chain: assigns seq, prev_hash and hash, and returns the stored record.
  // Appends from several processes on one store are serialized (one chain, no gap, no fork).
  virtual ProvisionRecord append(ProvisionRecord record) = 0;
  // The person's records, oldest first; dates (YYYY-MM-DD, JST) bound requested_at when given.
  virtual std::vector<ProvisionRecord> recordsFor(const std::string& atena_no,
                                                  const std::string& from_date = "",
                                                  const std::string& to_date = "") = 0;
  virtual std::vector<ProvisionRecord> allRecords() = 0;

  // The chain's signed checkpoints (chainHead, signedThrough and appendCheckpoint are
  // CheckpointedChain's, for AuditCheckpointer), oldest first.
  virtual std::vector<AuditCheckpoint> checkpoints() = 0;

  // Removes, in one transaction, the records at the start of the chain requested (JST date)
  // before `cutoff`, keeps the purge's evidence, and with a signer signs checkpoints of that
  // evidence (provisionPurgeHash: the chain's new start, the count and range are vouched for)
  // and of the head. Stops at the first record not past retention: the chain only ever loses
  // its oldest part.
  virtual PurgeResult purgeBefore(const std::string& cutoff, const std::string& actor,
                                  const std::string& now_utc, const CheckpointSigner* signer,
                                  const std::string& instance_id) = 0;
  virtual std::vector<ProvisionPurge> purges() = 0;

  // Replays the chain from the last purge's anchor; with `key`, checks the checkpoints, the
  // purges' evidence and the checkpoints' RFC 3161 timestamps too (provision_verifier.h).
  ChainCheck verifyChain(const CheckpointVerifier* key = nullptr,
                         const std::string& tsa_ca_file = "");
};

// A checkpoint of record (or purge evidence) `seq` with `hash`, signed now by `signer`; the
// backends store it inside their purge's transaction.
AuditCheckpoint signedCheckpoint(const CheckpointSigner& signer, int64_t seq,
                                 const std::string& hash, const std::string& now_utc,
                                 const std::string& instance_id);

// The oldest records up to the first one requested (JST date) on or after `cutoff`, as a purge
// removes them: `rows` are (seq, hash, JST date) in seq order. Fills result's count and range
// and returns the last removed record's hash ("" when none).
std::string purgeRange(const std::vector<std::tuple<int64_t, std::string, std::string>>& rows,
                       const std::string& cutoff, PurgeResult& result);

}  // namespace renkei::mynumber

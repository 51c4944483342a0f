#pragma once
// The My Number gateway's own store (SQLite): the 宛名番号 -> 符号 map of this institution and the
// chained 情報提供等記録 (provision_record.h), with the signed checkpoints of that chain (the
// audit trail's format and key, audit_checkpoint.h) and the evidence of each retention purge. Kept
// apart from the broker's store on purpose: the 符号 never belongs to the broker, and a broker
// operator's reports never see it. One connection, serialized by a mutex (the gateway serves each
// connection on its own thread).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/mynumber/provision_record.h"
#include "adapters/mynumber/provision_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/checkpointed_chain.h"
#include "broker/store/sqlite_connection.h"

namespace renkei::mynumber {

// What a purge removed; count 0 when nothing was past retention.
struct PurgeResult {
  int64_t count = 0;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  bool signed_anchor = false;  // a checkpoint now vouches for the anchor
};

class GatewayStore : public CheckpointedChain {
 public:
  // Opens (and creates) the database file. Throws StoreError.
  explicit GatewayStore(const std::string& path);

  // This institution's 符号 for the person, if obtained.
  std::optional<std::string> fugoOf(const std::string& atena_no);
  // The person this institution's 符号 stands for (情報提供: the network names them so).
  std::optional<std::string> atenaOf(const std::string& fugo);
  // Keeps the 符号 for the person; false when one was already kept (it is not replaced).
  bool rememberFugo(const std::string& atena_no, const std::string& fugo,
                    const std::string& acquired_at);

  // Appends to the chain: assigns seq, prev_hash and hash, and returns the stored record.
  ProvisionRecord append(ProvisionRecord record);
  // The person's records, oldest first; dates (YYYY-MM-DD, JST) bound requested_at when given.
  std::vector<ProvisionRecord> recordsFor(const std::string& atena_no,
                                          const std::string& from_date = "",
                                          const std::string& to_date = "");
  std::vector<ProvisionRecord> allRecords();

  // The chain's signed checkpoints (CheckpointedChain, for AuditCheckpointer), oldest first.
  std::optional<ChainHead> chainHead() override;
  int64_t signedThrough() override;
  void appendCheckpoint(AuditCheckpoint& checkpoint) override;
  std::vector<AuditCheckpoint> checkpoints();

  // Removes, in one transaction, the records at the start of the chain requested (JST date)
  // before `cutoff`, keeps the purge's evidence, and with a signer signs checkpoints of that
  // evidence (provisionPurgeHash: the chain's new start, the count and range are vouched for)
  // and of the head. Stops at the
  // first record not past retention: the chain only ever loses its oldest part.
  PurgeResult purgeBefore(const std::string& cutoff, const std::string& actor,
                          const std::string& now_utc, const CheckpointSigner* signer,
                          const std::string& instance_id);
  std::vector<ProvisionPurge> purges();

  // Replays the chain from the last purge's anchor; with `key`, checks the checkpoints, the
  // purges' evidence and the checkpoints' RFC 3161 timestamps too (provision_verifier.h).
  ChainCheck verifyChain(const CheckpointVerifier* key = nullptr,
                         const std::string& tsa_ca_file = "");

 private:
  // Stores a checkpoint of record `seq` signed now; the caller holds the lock (and a transaction).
  void signIn(const CheckpointSigner& signer, int64_t seq, const std::string& hash,
              const std::string& now_utc, const std::string& instance_id);
  std::vector<ProvisionPurge> selectPurges();  // the caller holds the lock
  std::vector<ProvisionRecord> select(const std::string& where,
                                      const std::vector<std::string>& params);

  std::mutex mutex_;
  SqliteConnection db_;
};

}  // namespace renkei::mynumber

// What every GatewayStore backend shares: the verification (over what the store reads) and the
// parts of a purge that do not depend on SQL.
#include "adapters/mynumber/gateway_store.h"

#include <tuple>

namespace renkei::mynumber {

ChainCheck GatewayStore::verifyChain(const CheckpointVerifier* key,
                                     const std::string& tsa_ca_file) {
  // Each read stands alone: the gateway may append in between, which leaves at most records
  // after the newest checkpoint read, never a false alarm.
  const std::vector<AuditCheckpoint> signed_heads = checkpoints();
  const std::vector<ProvisionPurge> purge_list = purges();
  return verifyProvisionChain(allRecords(), purge_list, signed_heads, key, tsa_ca_file);
}

AuditCheckpoint signedCheckpoint(const CheckpointSigner& signer, int64_t seq,
                                 const std::string& hash, const std::string& now_utc,
                                 const std::string& instance_id) {
  AuditCheckpoint c;
  c.seq = seq;
  c.head_hash = hash;
  c.time = now_utc;
  c.instance_id = instance_id;
  c.key_id = signer.keyId();
  c.signature = signer.sign(checkpointPayload(c));
  return c;
}

std::string purgeRange(const std::vector<std::tuple<int64_t, std::string, std::string>>& rows,
                       const std::string& cutoff, PurgeResult& result) {
  std::string anchor_hash;
  for (const auto& [seq, hash, date] : rows) {
    if (date >= cutoff) break;
    if (result.count == 0) result.first_seq = seq;
    result.last_seq = seq;
    anchor_hash = hash;
    ++result.count;
  }
  return anchor_hash;
}

}  // namespace renkei::mynumber

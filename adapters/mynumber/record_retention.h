#pragma once
// How long the 情報提供等記録 are kept, and the purge of those past it. 番号法 第23条 has them
// kept for the period its 施行令 sets (第29条: seven years); <mynumber recordRetentionYears>
// configures it. A purge removes only the oldest part of the chain, keeps its own evidence
// (count and seq range) and, with the checkpoint key, signs the last removed record's hash,
// from which the remaining chain still verifies (gateway_store.h, provision_verifier.h).
#include <string>

#include "adapters/mynumber/gateway_store.h"

namespace renkei::mynumber {

inline constexpr int kDefaultRecordRetentionYears = 7;

// The first JST date still within retention: `today` ("2026-12-02") less `years` years
// ("2019-12-02"); 29 February falls back to the 28th in a year without it.
std::string retentionCutoff(const std::string& today, int years);

// Purges the records requested before retentionCutoff(today JST, years). `signer` may be null
// (no key configured): the purge is then recorded but unsigned, and a verification with the key
// reports it.
PurgeResult purgeExpiredRecords(GatewayStore& store, int years, const std::string& actor,
                                const CheckpointSigner* signer, const std::string& instance_id);

// "purged 12 record(s) (seq 1-12) requested before 2019-12-02, anchor signed"
std::string describePurge(const PurgeResult& result, const std::string& cutoff);

}  // namespace renkei::mynumber

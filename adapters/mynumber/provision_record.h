#pragma once
// One 情報提供等記録 (番号法 §23): what the gateway keeps for every 情報照会 it handles, refused
// and withheld ones included: both institutions, the 事務, the 特定個人情報 items, when it was
// asked and when it was provided, and how it ended. The person is the 宛名番号 (for disclosure to
// them via TeikyoKirokuShokai and `renkei-mynumber-gateway records`); the 符号 and any provided
// values are not kept. Records are chained like the audit trail: each hash covers the previous
// one, so a record altered, removed or inserted afterwards breaks the chain.
#include <cstdint>
#include <string>
#include <vector>

namespace renkei::mynumber {

// How a 照会 ended, as the record and the disclosure name it.
enum class ProvisionResult {
  kProvided,        // 提供: every item provided
  kPartlyWithheld,  // 一部不開示
  kWithheld,        // 不開示: every item withheld by the provider
  kRefused,         // 拒否: outside the purpose rules; nothing left the gateway
  kNoAnswer,        // 応答なし: the network did not answer in time or failed
};
const char* resultName(ProvisionResult result);  // "提供", "一部不開示", ...
// The result named so; throws StoreError for another name (a damaged row).
ProvisionResult resultFromName(const std::string& name);

struct ProvisionRecord {
  int64_t seq = 0;                 // order in the chain, assigned by the store
  std::string record_id;           // ShokaiNo (UUID), given back to the unit
  std::string atena_no;            // the person, by 宛名番号
  std::string requester;           // 情報照会者 機関コード
  std::string provider;            // 情報提供者 機関コード
  std::string jimu_code;           // 事務コード
  std::string jimu_tetsuzuki;      // 事務手続コード
  std::vector<std::string> items;  // 特定個人情報名コード
  std::string requested_at;  // JST ISO 8601 (+09:00), when the unit's 照会 reached the gateway
  std::string provided_at;   // JST ISO 8601, when the provider answered; empty if it did not
  ProvisionResult result = ProvisionResult::kRefused;
  std::string detail;     // why refused / which items withheld (codes only, no values)
  std::string unit;       // the business unit that asked (062022/kokuho)
  std::string prev_hash;  // the previous record's hash ("" for the first)
  std::string hash;       // sha256 over prev_hash and the fields above
};

// One retention purge (record_retention.h): records first_seq..last_seq, all requested before
// `cutoff`, were removed. The chain goes on from last_seq's hash (the anchor). The purge's own
// evidence is chained too (provisionPurgeHash), and the checkpoint signed at the purge signs that
// hash, so the anchor, the count, the range, the dates and who purged are all vouched for.
struct ProvisionPurge {
  int64_t id = 0;
  std::string purged_at;  // UTC ISO 8601
  std::string cutoff;     // JST date: records requested before it were past retention
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  int64_t count = 0;
  std::string anchor_hash;  // hash of record last_seq
  std::string actor;        // "gateway" (periodic) or who ran `renkei mynumber records purge`
};

// How every store backend keeps a record's items in one text column: codes separated by spaces.
std::string itemsColumn(const std::vector<std::string>& items);
std::vector<std::string> itemsFromColumn(const std::string& text);

// The record's hash as the chain defines it (hex SHA-256 over prev_hash and every field, each
// length-prefixed so no two field lists give the same text).
std::string provisionRecordHash(const ProvisionRecord& record);

// The purge's evidence hash: hex SHA-256 over `prev_purge_hash` (the previous purge's, "" for the
// first) and every field but the id. A checkpoint of a purge carries seq = last_seq and this hash
// as its head hash (not the anchor's): the purge rows form a chain of their own, so one altered,
// removed or added afterwards no longer matches what was signed.
std::string provisionPurgeHash(const ProvisionPurge& purge, const std::string& prev_purge_hash);

// The hash of the newest purge in `purges` (oldest first), chained from the first; "" when none.
std::string purgeChainHead(const std::vector<ProvisionPurge>& purges);

}  // namespace renkei::mynumber

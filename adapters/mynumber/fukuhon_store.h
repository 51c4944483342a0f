#pragma once
// The 副本 (provision copy): what this municipality provides to other institutions through the
// network, registered by its business units in batches (FukuhonToroku) and read when the network
// asks (情報提供, provision_service.h). One row per person and 特定個人情報 item, kept under the
// 符号 the network knows the person by, with a version that rises on every refresh; the versions
// a refresh replaced are kept beside it (fukuhon_history), never rewritten.
//
// A batch is applied once: every entry is remembered by (batch id, record number) in the same
// transaction as the 副本 row it wrote, so a batch re-sent after a crash (of the sender, the
// broker's delivery, or this gateway) writes only what was not written and duplicates nothing.
// Kept where the gateway's store is (gateway_store_factory.h): SQLite (sqlite_fukuhon_store.h)
// or PostgreSQL (postgres_fukuhon_store.h), the same contract on both.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace renkei::mynumber {

using ItemValues = std::vector<std::pair<std::string, std::string>>;  // 項目名, 値

// One entry of a batch, as the unit sent it.
struct FukuhonEntry {
  int64_t record_no = 0;
  std::string atena_no;
  std::string item;          // 特定個人情報名コード
  ItemValues values;         // 提供情報, when provided
  std::string fukaiji_code;  // F03/F04..., when the item is to be withheld; values then empty
};

enum class EntryOutcome {
  kRegistered,        // 登録: written (new, or a new version of the row)
  kAlreadyApplied,    // 再送済: this batch's record was written before; nothing written now
  kNoFugo,            // 符号未取得: no 符号 kept for the 宛名番号; not written
  kResentDifferently  // 再送不一致: same batch and record number, other content; not written
};
const char* outcomeName(EntryOutcome outcome);

struct EntryResult {
  int64_t record_no = 0;
  EntryOutcome outcome = EntryOutcome::kRegistered;
  int64_t version = 0;  // the 副本 row's version, when registered or already applied
};

// One 副本 row, the current version or an earlier one it replaced.
struct Fukuhon {
  std::string atena_no;
  std::string item;
  std::string fugo;
  ItemValues values;
  std::string fukaiji_code;
  int64_t version = 0;
  std::string updated_at;   // JST ISO 8601
  std::string batch_id;     // the batch that wrote this version
  std::string replaced_at;  // JST ISO 8601, when a newer version replaced it; "" = current
};

using FugoLookup = std::function<std::optional<std::string>(const std::string& atena_no)>;

class FukuhonStore {
 public:
  virtual ~FukuhonStore() = default;

  // Applies the batch in one transaction (all or nothing: a crash mid-batch leaves no part of
  // it); entries answer in the order given. Batches from several processes on one store are
  // serialized, so each version is written, and kept in the history, once.
  virtual std::vector<EntryResult> registerBatch(const std::string& batch_id,
                                                 const std::vector<FukuhonEntry>& entries,
                                                 const FugoLookup& fugo_of,
                                                 const std::string& now) = 0;
  // The 副本 row for the person the 符号 names and the item, if registered.
  virtual std::optional<Fukuhon> find(const std::string& fugo, const std::string& item) = 0;
  // The rows of one person (宛名番号) and/or one item ("" = any), by 宛名番号 then item; for
  // `renkei mynumber fukuhon`.
  virtual std::vector<Fukuhon> list(const std::string& atena_no, const std::string& item) = 0;
  // The versions a refresh replaced, of the person the 符号 names, newest first (the previous
  // 年度's 地方税関係情報 once this 年度's is registered).
  virtual std::vector<Fukuhon> earlierVersions(const std::string& fugo,
                                               const std::string& item) = 0;
  // As list(), each row followed by its earlier versions, newest first; for `fukuhon --history`.
  virtual std::vector<Fukuhon> listWithHistory(const std::string& atena_no,
                                               const std::string& item) = 0;
  virtual int64_t rowCount() = 0;
};

}  // namespace renkei::mynumber

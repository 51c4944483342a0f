#pragma once
// The My Number gateway's own store (SQLite): the 宛名番号 -> 符号 map of this institution and the
// chained 情報提供等記録 (provision_record.h). Kept apart from the broker's store on purpose: the
// 符号 never belongs to the broker, and a broker operator's reports never see it. One connection,
// serialized by a mutex (the gateway serves each connection on its own thread).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/mynumber/provision_record.h"
#include "broker/store/sqlite_connection.h"

namespace renkei::mynumber {

// What a replay of the record chain found.
struct ChainCheck {
  int64_t records = 0;
  int64_t first_broken_seq = 0;  // 0 when the chain holds
  std::string reason;            // why that record breaks it
  bool ok() const { return first_broken_seq == 0; }
};

class GatewayStore {
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
  // Recomputes every hash from the first record on.
  ChainCheck verifyChain();

 private:
  std::vector<ProvisionRecord> select(const std::string& where,
                                      const std::vector<std::string>& params);

  std::mutex mutex_;
  SqliteConnection db_;
};

}  // namespace renkei::mynumber

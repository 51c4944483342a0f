#pragma once
// FukuhonStore (fukuhon_store.h) in the gateway's SQLite file, on its own connection beside
// SqliteGatewayStore's (busy_timeout on both); a batch is one SQLite transaction.
#include <mutex>
#include <string>

#include "adapters/mynumber/fukuhon_store.h"
#include "broker/store/sqlite_connection.h"

namespace renkei::mynumber {

class SqliteFukuhonStore final : public FukuhonStore {
 public:
  // Opens (and creates) the 副本 tables in the gateway's store file. Throws StoreError.
  explicit SqliteFukuhonStore(const std::string& path);

  std::vector<EntryResult> registerBatch(const std::string& batch_id,
                                         const std::vector<FukuhonEntry>& entries,
                                         const FugoLookup& fugo_of,
                                         const std::string& now) override;
  std::optional<Fukuhon> find(const std::string& fugo, const std::string& item) override;
  std::vector<Fukuhon> list(const std::string& atena_no, const std::string& item) override;
  std::vector<Fukuhon> earlierVersions(const std::string& fugo, const std::string& item) override;
  std::vector<Fukuhon> listWithHistory(const std::string& atena_no,
                                       const std::string& item) override;
  int64_t rowCount() override;

 private:
  EntryResult apply(const std::string& batch_id, const FukuhonEntry& entry,
                    const FugoLookup& fugo_of, const std::string& now);

  std::mutex mutex_;
  SqliteConnection db_;
};

}  // namespace renkei::mynumber

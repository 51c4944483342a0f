#pragma once
// FukuhonStore (fukuhon_store.h) on PostgreSQL, in the gateway's own schema
// (postgres_gateway_schema.h). A batch is one transaction holding the 副本's advisory lock, so a
// batch cut off by a crash (the server rolls it back) left nothing, and two batches never
// interleave their versions.
#include <mutex>
#include <string>

#include "adapters/mynumber/fukuhon_store.h"
#include "adapters/mynumber/postgres_gateway_schema.h"

namespace renkei::mynumber {

class PostgresFukuhonStore final : public FukuhonStore {
 public:
  // `conninfo`: a postgresql:// URL or a libpq conninfo. Throws StoreError.
  explicit PostgresFukuhonStore(const std::string& conninfo);

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
  EntryResult apply(PgConnection& db, const std::string& batch_id, const FukuhonEntry& entry,
                    const FugoLookup& fugo_of, const std::string& now);
  std::vector<Fukuhon> rows(const std::string& sql, const PgParams& params, const char* doing);

  std::mutex mutex_;
  GatewayPgSession session_;
};

}  // namespace renkei::mynumber

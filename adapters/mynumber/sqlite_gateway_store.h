#pragma once
// GatewayStore (gateway_store.h) in a SQLite file: one connection, serialized by a mutex (the
// gateway serves each connection on its own thread); other processes (the CLI's purge) wait on
// SQLite's write lock. The tables are created when missing.
#include <mutex>
#include <string>
#include <vector>

#include "adapters/mynumber/gateway_store.h"
#include "broker/store/sqlite_connection.h"

namespace renkei::mynumber {

class SqliteGatewayStore final : public GatewayStore {
 public:
  // Opens (and creates) the database file. Throws StoreError.
  explicit SqliteGatewayStore(const std::string& path);

  std::optional<std::string> fugoOf(const std::string& atena_no) override;
  std::optional<std::string> atenaOf(const std::string& fugo) override;
  bool rememberFugo(const std::string& atena_no, const std::string& fugo,
                    const std::string& acquired_at) override;

  ProvisionRecord append(ProvisionRecord record) override;
  std::vector<ProvisionRecord> recordsFor(const std::string& atena_no,
                                          const std::string& from_date = "",
                                          const std::string& to_date = "") override;
  std::vector<ProvisionRecord> allRecords() override;

  std::optional<ChainHead> chainHead() override;
  int64_t signedThrough() override;
  void appendCheckpoint(AuditCheckpoint& checkpoint) override;
  std::vector<AuditCheckpoint> checkpoints() override;

  PurgeResult purgeBefore(const std::string& cutoff, const std::string& actor,
                          const std::string& now_utc, const CheckpointSigner* signer,
                          const std::string& instance_id) override;
  std::vector<ProvisionPurge> purges() override;

 private:
  // Callers hold the lock.
  void insertCheckpoint(const AuditCheckpoint& checkpoint);
  std::vector<ProvisionPurge> selectPurges();
  std::vector<ProvisionRecord> select(const std::string& where,
                                      const std::vector<std::string>& params);

  std::mutex mutex_;
  SqliteConnection db_;
};

}  // namespace renkei::mynumber

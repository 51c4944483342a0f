#pragma once
// GatewayStore (gateway_store.h) on PostgreSQL, in the gateway's own schema
// (postgres_gateway_schema.h). Appends and purges take the chain's advisory lock inside their
// transaction, so the gateway and a `renkei mynumber records purge` (or two gateways on one
// database) keep one chain without gaps or forks.
#include <mutex>
#include <string>
#include <vector>

#include "adapters/mynumber/gateway_store.h"
#include "adapters/mynumber/postgres_gateway_schema.h"

namespace renkei::mynumber {

class PostgresGatewayStore final : public GatewayStore {
 public:
  // `conninfo`: a postgresql:// URL or a libpq conninfo. Throws StoreError.
  explicit PostgresGatewayStore(const std::string& conninfo);

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
  int64_t insertCheckpoint(const AuditCheckpoint& checkpoint);
  std::optional<ChainHead> head();
  std::vector<ProvisionPurge> selectPurges();
  std::vector<ProvisionRecord> select(const std::string& where, const PgParams& params);

  std::mutex mutex_;
  GatewayPgSession session_;
};

}  // namespace renkei::mynumber

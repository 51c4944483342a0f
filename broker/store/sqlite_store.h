#pragma once
// The embedded default Store: one SQLite file, WAL journal, synchronous=FULL so that an
// acknowledged exchange survives power loss. One connection behind a mutex; SQLite serializes
// writers anyway, and the audit writer batches, so a pool would buy little.
#include <cstdint>
#include <mutex>
#include <string>

#include "broker/store/sqlite_connection.h"
#include "broker/store/store.h"

namespace renkei {

class SqliteStore : public Store {
 public:
  // Opens (creating if needed) the database file; the parent directory must exist.
  // Call migrate() before anything else.
  explicit SqliteStore(const std::string& path);

  void migrate() override;
  void seedRegistry(RegistrySnapshot& snapshot) override;
  RegistrySnapshot loadRegistry() override;
  void appendAudit(std::vector<AuditRecord>& batch) override;
  // Reads in pages and calls `visit` without holding the lock, so a long verification does not
  // stall audit writes and the visitor may call back into the store.
  void forEachAudit(const std::function<bool(const AuditRecord&)>& visit) override;

  // How many appendAudit transactions committed; lets tests and metrics see group commit work.
  int64_t auditTransactions() const;

 private:
  void upsertUnit(const Unit& unit);
  void upsertService(const ServiceDef& service);
  int64_t upsertLink(const Link& link);

  mutable std::mutex mutex_;
  SqliteConnection connection_;
  int64_t audit_transactions_ = 0;
};

}  // namespace renkei

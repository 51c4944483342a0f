#pragma once
// Persistence for the registry and the audit trail. Implementations: SqliteStore (embedded
// default); PostgreSQL comes later. Every method throws StoreError on failure.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/audit/audit_record.h"
#include "broker/registry/types.h"

namespace renkei {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates tables if missing. Idempotent.
  virtual void migrate() = 0;

  // Seeds the registry from configuration: units and services are upserted by id / name+version,
  // links by (sender, receiver, service, version, purpose); links get their ids assigned.
  virtual void seedRegistry(RegistrySnapshot& snapshot) = 0;
  virtual RegistrySnapshot loadRegistry() = 0;

  // Appends records to the hash chain in one transaction: reads the chain head, assigns seq,
  // prev_hash and hash (audit::chainHash) to each record in order, inserts them, commits.
  // When this returns, the records are durable.
  virtual void appendAudit(std::vector<AuditRecord>& batch) = 0;
  // Visits records in seq order; stop by returning false.
  virtual void forEachAudit(const std::function<bool(const AuditRecord&)>& visit) = 0;
};

}  // namespace renkei

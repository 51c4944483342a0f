#pragma once
// A registry together with the audit trail that vouches for it: what the evidence bundle and
// the registry replay read (every link, its history, and the records of each change). The store
// implements it (broker/store/store.h).
#include "broker/audit/audit_trail.h"
#include "broker/registry/registry_store.h"

namespace renkei {

class AuditedRegistry : public RegistryStore, public AuditTrail {
 public:
  ~AuditedRegistry() override = default;
};

}  // namespace renkei

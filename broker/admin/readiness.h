#pragma once
// GET /readyz on the admin listener: whether this broker should get traffic now. Unlike
// /healthz (liveness: the process answers), readiness names each check, so an operator sees
// which one failed: the store answers, the audit writer keeps up, the registry is fresh, the
// schemas are loaded. The checks are made by the runtime (broker/server/broker_readiness.h);
// the admin listener only asks and renders.
#include <string>
#include <vector>

#include "broker/core/exchange.h"

namespace renkei::admin {

struct ReadinessCheck {
  std::string name;  // "store", "audit_writer", "registry", "schemas"
  bool ok = false;
  std::string detail;  // a sentence for the operator; never a store's error text
};

class Readiness {
 public:
  virtual ~Readiness() = default;
  // Bounded in time: a check that would wait (the store ping) has its own short deadline.
  virtual std::vector<ReadinessCheck> check() = 0;
};

// 200 when every check passed, else 503; the body is one JSON object:
// {"ready":true,"checks":{"store":{"ok":true,"detail":"..."},...}}
HttpReply readinessReply(const std::vector<ReadinessCheck>& checks);

}  // namespace renkei::admin

// renkei audit verify: reads the store the configuration names.
#include <iostream>

#include "broker/audit/audit_verifier.h"
#include "broker/cli/commands.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

int runAuditVerify(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    auto store = openStore(*config);
    AuditVerification result = verifyAuditChain(*store);
    if (result.ok) {
      std::cout << "audit trail OK: " << result.records_checked << " records, hash chain intact ("
                << describeStore(*config) << ")\n";
      return 0;
    }
    std::cout << "audit trail BROKEN: " << result.message << "\n"
              << "  first bad record: " << result.first_bad_seq << " ("
              << auditTamperKindName(result.kind) << "), " << result.records_checked
              << " records checked before it\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli

// renkei links list, renkei audit verify: read the store the configuration names.
#include <iostream>

#include "broker/audit/audit_verifier.h"
#include "broker/cli/commands.h"
#include "broker/registry/link_inventory.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

int runLinksList(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    auto store = openStore(*config);
    RegistrySnapshot snapshot = store->loadRegistry();
    if (snapshot.units.empty()) {
      std::cout << "The registry in " << config->store_path
                << " is empty: `renkei serve` seeds it from " << config->source_file << ".\n";
      return 0;
    }
    printLinkInventory(snapshot, std::cout);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

int runAuditVerify(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    auto store = openStore(*config);
    AuditVerification result = verifyAuditChain(*store);
    if (result.ok) {
      std::cout << "audit trail OK: " << result.records_checked
                << " records, hash chain intact (" << config->store_path << ")\n";
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

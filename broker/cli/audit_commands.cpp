// renkei audit verify | keygen | export: the audit trail as an operator or an auditor checks it.
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>

#include "broker/audit/audit_bundle.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/audit/registry_replay.h"
#include "broker/cli/commands.h"
#include "broker/core/utc_timestamp.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

int report(const AuditVerification& result, const std::string& source, bool signatures,
           bool tsa_checked) {
  if (result.ok) {
    std::cout << "audit trail OK: " << result.records_checked << " records, hash chain intact";
    if (signatures) {
      std::cout << ", " << result.checkpoints_checked << " signed checkpoint"
                << (result.checkpoints_checked == 1 ? "" : "s") << " verified";
    }
    std::cout << " (" << source << ")\n";
    if (result.timestamps_checked > 0) {
      std::cout << "  " << result.timestamps_checked << " checkpoints carry an RFC 3161 timestamp"
                << (tsa_checked ? " (TSA signatures verified)"
                                : " (give --tsa-ca to check the TSA's signature)")
                << "; newest " << result.last_timestamp << "\n";
    }
    if (signatures && result.signed_through_seq < result.records_checked) {
      std::cout << "  note: records " << result.signed_through_seq + 1 << " to "
                << result.records_checked
                << " are chained but not yet covered by a signed checkpoint\n";
    }
    if (!signatures) {
      std::cout << "  note: checkpoint signatures not checked; give --key PUBLIC_KEY to detect "
                   "deleted tail records and recomputed chains\n";
    }
    return 0;
  }
  std::cout << "audit trail BROKEN: " << result.message << "\n"
            << "  first bad record: " << result.first_bad_seq << " ("
            << auditTamperKindName(result.kind) << "), " << result.records_checked
            << " records checked before it\n";
  return 1;
}

// The registry half of `audit verify`: each link replayed from its history, each history row
// against its audit record. Lists every problem (a tampered registry rarely has only one).
int reportRegistry(const RegistryReplay& replay) {
  if (replay.ok()) {
    std::cout << "registry OK: " << replay.links_checked << " link"
              << (replay.links_checked == 1 ? "" : "s") << " replayed from " << replay.rows_checked
              << " history rows, each change vouched for by the audit trail\n";
    if (replay.seeded_rows_unvouched > 0) {
      std::cout << "  note: " << replay.seeded_rows_unvouched
                << " link(s) seeded by an older broker are checked against their creation row, "
                   "which no audit record vouches for (links seeded since carry one)\n";
    }
    if (replay.links_without_content > 0) {
      std::cout << "  note: " << replay.links_without_content
                << " link(s) were created before creation rows recorded their content; only "
                   "what later rows changed is checked for them\n";
    }
    return 0;
  }
  std::cout << "registry BROKEN: " << replay.problems.size() << " problem"
            << (replay.problems.size() == 1 ? "" : "s") << " in " << replay.links_checked
            << " links\n";
  for (const RegistryProblem& problem : replay.problems) {
    std::cout << "  [" << registryProblemKindName(problem.kind) << "] " << problem.message << "\n";
  }
  return 1;
}

}  // namespace

int runAuditVerify(const CliArgs& args) {
  try {
    std::optional<CheckpointVerifier> key;
    if (auto path = args.get("--key")) key = CheckpointVerifier::fromFile(*path);
    const std::string tsa_ca = args.get("--tsa-ca").value_or("");
    if (auto bundle_path = args.get("--bundle")) {
      const AuditBundle bundle = AuditBundle::open(*bundle_path);
      // The key on the command line is the trust anchor; the bundle's own copy proves nothing.
      if (key && !bundle.publicPem().empty() &&
          CheckpointVerifier::fromPem(bundle.publicPem(), *bundle_path).keyId() != key->keyId()) {
        std::cout << "  note: the bundle carries another public key than --key; checking with "
                     "--key\n";
      }
      const auto result =
          key ? verifyAuditTrail(bundle.records(), bundle.checkpoints(), *key, tsa_ca)
              : verifyAuditChain(bundle.records());
      const int trail = report(result, "bundle " + *bundle_path, key.has_value(), !tsa_ca.empty());
      if (trail != 0) return trail;
      if (!bundle.hasRegistry()) {
        std::cout << "  note: this bundle (version 1) carries no registry; export a new one to "
                     "replay the link history offline\n";
        return 0;
      }
      return reportRegistry(replayRegistry(
          bundle.links(), [&bundle](int64_t id) { return bundle.historyOf(id); },
          bundle.records()));
    }
    auto config = loadConfigFor(args);
    if (!config) return 2;
    auto store = openStore(*config);
    const auto result = key ? verifyAuditTrail(*store, *key, tsa_ca) : verifyAuditChain(*store);
    const int trail = report(result, describeStore(*config), key.has_value(), !tsa_ca.empty());
    // Only a trail that holds can vouch for the registry; with a broken one the replay would
    // compare against records that are themselves in doubt.
    if (trail != 0) return trail;
    return reportRegistry(replayRegistry(*store));
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

int runAuditKeygen(const CliArgs& args) {
  const auto out = args.get("--out");
  if (!out || out->empty()) {
    std::cerr << "renkei audit keygen: --out PREFIX is required (writes PREFIX.key and "
                 "PREFIX.pub)\n";
    return 2;
  }
  try {
    const std::string id = generateCheckpointKeyPair(*out + ".key", *out + ".pub");
    std::cout << "wrote " << *out << ".key (private, mode 0600: keep it on the broker host)\n"
              << "wrote " << *out << ".pub (public: give it to whoever verifies the trail)\n"
              << "key id " << id << "\n"
              << "use it with <audit checkpointKey=\"" << *out << ".key\"/>\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

int runAuditExport(const CliArgs& args) {
  const auto out = args.get("--out");
  if (!out || out->empty()) {
    std::cerr << "renkei audit export: --out FILE is required\n";
    return 2;
  }
  auto config = loadConfigFor(args);
  if (!config) return 2;
  const std::string temp = *out + ".partial";
  try {
    // The public key travels with the bundle for convenience; the verifier trusts only --key.
    std::string public_pem;
    if (auto key = args.get("--key")) {
      public_pem = CheckpointVerifier::fromFile(*key).publicPem();
    } else if (!config->checkpoint_key.empty()) {
      public_pem = CheckpointVerifier::fromFile(config->checkpoint_key).publicPem();
    }
    auto store = openStore(*config);
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(temp + ": cannot create");
    const auto counts =
        writeAuditBundle(file, *store, describeStore(*config), utcTimestampNow(), public_pem);
    file.close();
    if (!file || std::rename(temp.c_str(), out->c_str()) != 0) {
      throw std::runtime_error(*out + ": cannot write");
    }
    std::cout << "wrote " << *out << ": " << counts.records << " records, " << counts.checkpoints
              << " checkpoints, " << counts.links << " links with " << counts.history_rows
              << " history rows" << (public_pem.empty() ? ", no public key" : ", public key")
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::remove(temp.c_str());
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

int runStoreMigrate(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    // openStore migrates (as the owner when <store migrateConninfo> is set) and grants.
    openStore(*config);
    std::cout << "store schema up to date (" << describeStore(*config) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli

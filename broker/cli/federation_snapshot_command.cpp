// renkei federation snapshot show: the signed registry snapshot this broker issued (primary) or
// holds (follower), read from <registrySnapshot file> and checked with the key the
// configuration names, so an operator sees what cross-cloud traffic is authorized from.
#include <chrono>
#include <iomanip>
#include <iostream>

#include "broker/audit/checkpoint_key.h"
#include "broker/audit/signed_link_snapshot.h"
#include "broker/cli/commands.h"
#include "broker/registry/link_snapshot_file.h"

namespace renkei::cli {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void printLinks(const std::vector<Link>& links) {
  std::cout << std::left << std::setw(6) << "ID"
            << "  " << std::setw(10) << "STATUS"
            << "  " << std::setw(20) << "SENDER"
            << "  " << std::setw(20) << "RECEIVER"
            << "  " << std::setw(24) << "SERVICE"
            << "  PURPOSE\n";
  for (const Link& l : links) {
    std::cout << std::setw(6) << l.id << "  " << std::setw(10) << linkStatusName(l.status) << "  "
              << std::setw(20) << l.sender << "  " << std::setw(20) << l.receiver << "  "
              << std::setw(24) << (l.service_name + ":" + l.service_version) << "  "
              << l.purpose_code << "\n";
  }
}

}  // namespace

int runFederationSnapshotShow(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  const RegistrySnapshotConfig& sc = config->federation.registry_snapshot;
  if (sc.role == RegistrySnapshotConfig::Role::kNone) {
    std::cerr << "renkei federation snapshot show: " << config->source_file
              << " has no <federation><registrySnapshot>\n";
    return 2;
  }
  const bool primary = sc.role == RegistrySnapshotConfig::Role::kPrimary;
  try {
    const CheckpointVerifier verifier =
        CheckpointVerifier::fromFile(primary ? sc.signing_key_file : sc.primary_public_key_file);
    std::cout << "registry snapshot " << sc.file << "\n"
              << "role:       "
              << (primary ? "primary (this broker signs it)" : "follower of " + sc.primary) << "\n";
    const auto bytes = readLinkSnapshotFile(sc.file);
    if (!bytes) {
      std::cout << "state:      none yet"
                << (primary ? "" : " (cross-cloud traffic is refused: Server.RegistryExpired)")
                << "\n";
      return 1;
    }
    std::string error;
    auto decoded = decodeSignedLinkSnapshot(*bytes, &error);
    auto snapshot = decoded ? verifyLinkSnapshot(*decoded, verifier, &error) : std::nullopt;
    if (!snapshot) {
      std::cout << "state:      unusable: " << error << "\n";
      return 1;
    }
    const int64_t now = nowMs();
    const bool expired = snapshot->expiredAt(now);
    std::cout << "primary:    " << snapshot->primary << "\n"
              << "version:    " << snapshot->version << "\n"
              << "issued:     " << utcText(snapshot->issued_at_ms) << " ("
              << (now - snapshot->issued_at_ms) / 1000 << " s ago)\n"
              << "expires:    " << utcText(snapshot->expires_at_ms) << " ("
              << (expired ? "expired " + std::to_string((now - snapshot->expires_at_ms) / 1000) +
                                " s ago"
                          : "in " + std::to_string((snapshot->expires_at_ms - now) / 1000) + " s")
              << ")\n"
              << "signature:  valid, key " << decoded->key_id << "\n"
              << "state:      "
              << (expired ? (primary ? "expired (renewed while the broker runs)"
                                     : "expired: cross-cloud traffic is refused "
                                       "(Server.RegistryExpired)")
                          : "current")
              << "\n"
              << "cross-cloud links: " << snapshot->links.size() << "\n";
    printLinks(snapshot->links);
    return expired ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli

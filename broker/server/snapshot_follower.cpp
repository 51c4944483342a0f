#include "broker/server/snapshot_follower.h"

#include <algorithm>
#include <ostream>

#include "broker/audit/signed_link_snapshot.h"
#include "broker/core/thread_name.h"
#include "broker/registry/link_snapshot_file.h"

namespace renkei {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// While it has no current copy, or the last fetch failed, a follower asks again soon: the
// primary may have been starting, or the line just came back.
constexpr std::chrono::seconds kRetry{1};

}  // namespace

SnapshotFollower::SnapshotFollower(const RegistrySnapshotConfig& config, SnapshotSource& source,
                                   std::ostream& log)
    : config_(config),
      source_(source),
      log_(log),
      verifier_(CheckpointVerifier::fromFile(config.primary_public_key_file)) {
  std::optional<std::string> bytes;
  try {
    bytes = readLinkSnapshotFile(config_.file);
  } catch (const std::runtime_error& e) {
    log_ << "renkei: registry snapshot: " << e.what() << "\n";
  }
  if (!bytes) return;
  std::string error;
  auto decoded = decodeSignedLinkSnapshot(*bytes, &error);
  auto snapshot = decoded ? verifyLinkSnapshot(*decoded, verifier_, &error) : std::nullopt;
  if (!snapshot) {
    log_ << "renkei: registry snapshot: ignoring the copy in " << config_.file << ": " << error
         << "\n";
    return;
  }
  log_ << "renkei: registry snapshot: version " << snapshot->version << " from primary "
       << snapshot->primary << " read from " << config_.file << " (expires "
       << utcText(snapshot->expires_at_ms) << ")\n";
  held_.store(std::make_shared<const Held>(std::move(*snapshot)));
}

SnapshotFollower::~SnapshotFollower() { stop(); }

void SnapshotFollower::start() {
  thread_ = namedThread("snapshot-follow", [this] { run(); });
}

void SnapshotFollower::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotFollower::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    fetchOnce();
    lock.lock();
    const auto held = current();
    if (held && held->snapshot.expiredAt(nowMs()) && expiry_logged_ != held->snapshot.version) {
      expiry_logged_ = held->snapshot.version;
      log_ << "renkei: registry snapshot: version " << held->snapshot.version << " expired at "
           << utcText(held->snapshot.expires_at_ms)
           << ": cross-cloud traffic is refused (Server.RegistryExpired) until primary "
           << config_.primary << " gives a fresh one\n";
    }
    const bool hurry = failing_ || !held || held->snapshot.expiredAt(nowMs());
    const auto every = std::chrono::seconds(config_.fetch_every_seconds);
    wake_.wait_for(lock, hurry ? std::min<std::chrono::seconds>(kRetry, every) : every,
                   [this] { return stopping_; });
  }
}

bool SnapshotFollower::fetchOnce() {
  // Half the interval, at most five seconds: a fetch never runs into the next one.
  const auto timeout = std::chrono::milliseconds(
      std::clamp<int64_t>(int64_t{config_.fetch_every_seconds} * 500, 200, 5000));
  SnapshotFetch fetched = source_.fetch(timeout);
  if (!fetched.ok) {
    logFailure("cannot fetch the snapshot: " + fetched.error);
    return false;
  }
  std::string why;
  const bool accepted = accept(fetched.bytes, &why);
  if (!why.empty()) {
    ++refused_;
    logFailure("refused the snapshot from primary " + config_.primary + ": " + why);
    return false;
  }
  failing_ = false;
  last_error_.clear();
  return accepted;
}

// Empty `why` and false: the same version as held, nothing to do.
bool SnapshotFollower::accept(const std::string& bytes, std::string* why) {
  auto decoded = decodeSignedLinkSnapshot(bytes, why);
  if (!decoded) return false;
  auto snapshot = verifyLinkSnapshot(*decoded, verifier_, why);
  if (!snapshot) return false;
  if (snapshot->primary != config_.primary) {
    *why = "it was issued by " + snapshot->primary + ", not by " + config_.primary;
    return false;
  }
  const auto held = current();
  const auto kept = [&] {
    return held ? "; keeping version " + std::to_string(held->snapshot.version) : std::string();
  };
  if (held && snapshot->version < held->snapshot.version) {
    *why = "version " + std::to_string(snapshot->version) + " is older than version " +
           std::to_string(held->snapshot.version) + " held here" + kept();
    return false;
  }
  if (held && snapshot->version == held->snapshot.version) {
    if (linkSnapshotPayload(*snapshot) != linkSnapshotPayload(held->snapshot)) {
      *why = "version " + std::to_string(snapshot->version) +
             " differs from the copy of that version held here" + kept();
    }
    return false;
  }
  if (snapshot->expiredAt(nowMs())) {
    *why = "version " + std::to_string(snapshot->version) + " expired at " +
           utcText(snapshot->expires_at_ms) + kept();
    return false;
  }
  try {
    writeLinkSnapshotFile(config_.file, bytes);
  } catch (const std::runtime_error& e) {
    // Used all the same: refusing traffic the primary allowed because of a local disk would be
    // worse; the log says a restart would forget it.
    log_ << "renkei: registry snapshot: " << e.what() << " (version " << snapshot->version
         << " is used, but a restart would not find it)\n";
  }
  log_ << "renkei: registry snapshot: version " << snapshot->version << " from primary "
       << snapshot->primary << " (" << snapshot->links.size() << " cross-cloud links, expires "
       << utcText(snapshot->expires_at_ms) << ")\n";
  held_.store(std::make_shared<const Held>(std::move(*snapshot)));
  return true;
}

void SnapshotFollower::logFailure(const std::string& what) {
  failing_ = true;
  if (what == last_error_) return;
  last_error_ = what;
  const auto held = current();
  log_ << "renkei: registry snapshot: " << what;
  if (!held) {
    log_ << " (no snapshot held: cross-cloud traffic is refused)";
  } else {
    const int64_t age_s = (nowMs() - held->snapshot.issued_at_ms) / 1000;
    log_ << " (holding version " << held->snapshot.version << ", " << age_s << " s old, "
         << (held->snapshot.expiredAt(nowMs()) ? "expired at " : "expires ")
         << utcText(held->snapshot.expires_at_ms) << ")";
  }
  log_ << "\n";
}

}  // namespace renkei

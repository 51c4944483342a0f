#include "broker/server/snapshot_publisher.h"

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

}  // namespace

SnapshotPublisher::SnapshotPublisher(const FederationConfig& federation,
                                     const LinkRegistry& registry, std::ostream& log)
    : federation_(federation),
      config_(federation.registry_snapshot),
      registry_(registry),
      log_(log),
      signer_(CheckpointSigner::fromFile(config_.signing_key_file)) {
  // The last version issued, checked with this key's public half: a file signed by another
  // key (the key was replaced) only tells where the versions stand.
  if (auto bytes = readLinkSnapshotFile(config_.file)) {
    std::string error;
    auto decoded = decodeSignedLinkSnapshot(*bytes, &error);
    auto parsed = decoded ? parseLinkSnapshotPayload(decoded->payload, &error) : std::nullopt;
    if (parsed) {
      current_ = std::move(*parsed);
      if (decoded->key_id == signer_.keyId()) signed_bytes_ = *bytes;
    } else {
      log_ << "renkei: registry snapshot: ignoring " << config_.file << ": " << error << "\n";
    }
  }
  publishOnce();
}

SnapshotPublisher::~SnapshotPublisher() { stop(); }

void SnapshotPublisher::start() {
  thread_ = namedThread("snapshot-publ", [this] { run(); });
}

void SnapshotPublisher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotPublisher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(config_.publish_every_seconds));
    if (stopping_) break;
    lock.unlock();
    publishOnce();
    lock.lock();
  }
}

std::vector<Link> SnapshotPublisher::crossCloudLinks() const {
  std::vector<Link> links;
  RegistrySnapshot registry = registry_.snapshot();
  for (Link& link : registry.links) {
    if (federation_.crossesClouds(link.sender, link.receiver)) links.push_back(std::move(link));
  }
  std::sort(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.id < b.id; });
  return links;
}

void SnapshotPublisher::publishOnce() {
  std::vector<Link> links = crossCloudLinks();
  const int64_t now = nowMs();
  LinkSnapshot next;
  {
    std::lock_guard lock(mutex_);
    const int64_t half_life = int64_t{config_.validity_seconds} * 500;
    if (!signed_bytes_.empty() && sameLinks(links, current_.links) &&
        now < current_.issued_at_ms + half_life && now < current_.expires_at_ms) {
      return;
    }
    next.version = current_.version + 1;
  }
  next.primary = federation_.self;
  next.issued_at_ms = now;
  next.expires_at_ms = now + int64_t{config_.validity_seconds} * 1000;
  next.links = std::move(links);
  const std::string bytes = encodeSignedLinkSnapshot(signLinkSnapshot(next, signer_));
  try {
    // On disk first: a version handed out is never issued again after a restart.
    writeLinkSnapshotFile(config_.file, bytes);
    last_error_.clear();
  } catch (const std::runtime_error& e) {
    if (last_error_ != e.what()) {
      log_ << "renkei: registry snapshot: cannot keep version " << next.version << ": " << e.what()
           << "; followers keep the previous version\n";
    }
    last_error_ = e.what();
    return;
  }
  log_ << "renkei: registry snapshot: issued version " << next.version << " (" << next.links.size()
       << " cross-cloud links, expires " << utcText(next.expires_at_ms) << ")\n";
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  signed_bytes_ = bytes;
}

std::optional<std::string> SnapshotPublisher::signedBytes() const {
  std::lock_guard lock(mutex_);
  if (signed_bytes_.empty()) return std::nullopt;
  return signed_bytes_;
}

LinkSnapshot SnapshotPublisher::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

}  // namespace renkei

#include "broker/server/federation_runtime.h"

#include <iostream>

#include "adapters/peer/snapshot_fetcher.h"

namespace renkei {

FederationRuntime::FederationRuntime(const FederationConfig& config, std::size_t max_message_bytes,
                                     std::size_t max_response_bytes)
    : config_(config), max_message_bytes_(max_message_bytes) {
  peer::PeerClientSettings clients;
  clients.public_key = config.curve_public_key;
  clients.secret_key = config.curve_secret_key;
  for (const FederationPeer& p : config.peers) {
    clients.peers.push_back({p.name, p.endpoint, p.curve_public_key});
  }
  clients.max_in_flight_per_peer = config.max_in_flight_per_peer;
  clients.max_answer_bytes = max_response_bytes;
  clients.breaker_failures = config.breaker_failures;
  clients.breaker_open_ms = config.breaker_open_ms;
  clients.heartbeat_ms = config.heartbeat_ms;
  clients_ = std::make_unique<peer::PeerClients>(std::move(clients));
}

FederationRuntime::~FederationRuntime() { stop(); }

void FederationRuntime::shareRegistry(const LinkRegistry& registry) {
  const RegistrySnapshotConfig& snapshot = config_.registry_snapshot;
  if (snapshot.role == RegistrySnapshotConfig::Role::kPrimary) {
    publisher_ = std::make_unique<SnapshotPublisher>(config_, registry, std::cerr);
  } else if (snapshot.role == RegistrySnapshotConfig::Role::kFollower) {
    const FederationPeer* primary = config_.peerNamed(snapshot.primary);
    peer::SnapshotFetcherSettings fetcher;
    fetcher.primary = primary->name;
    fetcher.endpoint = primary->endpoint;
    fetcher.primary_public_key = primary->curve_public_key;
    fetcher.public_key = config_.curve_public_key;
    fetcher.secret_key = config_.curve_secret_key;
    fetcher.heartbeat_ms = config_.heartbeat_ms;
    snapshot_source_ = std::make_unique<peer::SnapshotFetcher>(std::move(fetcher));
    follower_ = std::make_unique<SnapshotFollower>(snapshot, *snapshot_source_, std::cerr);
  }
}

void FederationRuntime::serve(const ServingSlot& serving) {
  handler_ = std::make_unique<PeerExchangeHandler>(serving);
  // Room for every peer's full share: the listener's own per-peer bound refuses before this
  // queue would.
  const std::size_t capacity =
      std::max<std::size_t>(1, config_.peers.size()) * config_.max_in_flight_per_peer;
  workers_ = std::make_unique<WorkerPool>(config_.workers, capacity, "peer-worker");
  peer::PeerListenerSettings listener;
  listener.endpoint = config_.listen;
  listener.secret_key = config_.curve_secret_key;
  for (const FederationPeer& p : config_.peers) listener.peers_by_key[p.curve_public_key] = p.name;
  listener.max_in_flight_per_peer = config_.max_in_flight_per_peer;
  listener.max_body_bytes = max_message_bytes_;
  listener.heartbeat_ms = config_.heartbeat_ms;
  if (publisher_) {
    SnapshotPublisher* publisher = publisher_.get();
    listener.snapshot = [publisher] { return publisher->signedBytes(); };
  }
  WorkerPool* pool = workers_.get();
  listener_ = std::make_unique<peer::PeerListener>(
      std::move(listener), *handler_,
      [pool](std::function<void()> task) { return pool->tryPush(std::move(task)); });
}

void FederationRuntime::start() {
  clients_->start();
  if (listener_) listener_->start();
  if (publisher_) publisher_->start();
  if (follower_) follower_->start();
}

void FederationRuntime::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (follower_) follower_->stop();
  if (publisher_) publisher_->stop();
  if (listener_) listener_->stop();
  if (workers_) workers_->stop();
  clients_->stop();
}

}  // namespace renkei

#pragma once
// The federation parts of a running broker (<federation>, docs/federation.md): the peer clients
// the pipeline forwards through, and the peer listener whose requests run through the same
// pipeline on a worker pool of their own, so peers never take the unit-facing listener's
// workers. Built in two steps because the pipeline needs the clients and the listener needs
// the pipeline.
#include <cstddef>
#include <memory>

#include "adapters/peer/peer_clients.h"
#include "adapters/peer/peer_listener.h"
#include "broker/config/federation_config.h"
#include "broker/registry/link_registry.h"
#include "broker/server/peer_exchange_handler.h"
#include "broker/server/snapshot_follower.h"
#include "broker/server/snapshot_publisher.h"
#include "broker/server/worker_pool.h"

namespace renkei {

class FederationRuntime {
 public:
  FederationRuntime(const FederationConfig& config, std::size_t max_message_bytes,
                    std::size_t max_response_bytes);
  ~FederationRuntime();

  PeerForwarder& forwarder() { return *clients_; }
  // <registrySnapshot>: the primary's publisher, over `registry`, or the follower and its
  // fetcher. Before serve(). Throws std::runtime_error when a key or file is unusable.
  void shareRegistry(const LinkRegistry& registry);
  // The follower's snapshot for cross-cloud authorization; nullptr unless a follower.
  const SnapshotFollower* follower() const { return follower_.get(); }
  const SnapshotPublisher* publisher() const { return publisher_.get(); }
  // Connected, breaker closed: the outbox holds copies for the peer back while it is not.
  bool peerAvailable(const std::string& peer) const { return clients_->available(peer); }
  // Binds the peer listener (throws ConfigError-worthy std::runtime_error when it cannot).
  void serve(const ServingSlot& serving);
  void start();
  // The listener first (no new requests), then its workers finish, then the clients.
  void stop();

 private:
  const FederationConfig& config_;
  std::size_t max_message_bytes_;
  std::unique_ptr<peer::PeerClients> clients_;
  std::unique_ptr<PeerExchangeHandler> handler_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<peer::PeerListener> listener_;
  std::unique_ptr<SnapshotPublisher> publisher_;
  std::unique_ptr<SnapshotSource> snapshot_source_;
  std::unique_ptr<SnapshotFollower> follower_;
  bool stopped_ = false;
};

}  // namespace renkei

#include "broker/server/federation_runtime.h"

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

void FederationRuntime::serve(Pipeline& pipeline) {
  handler_ = std::make_unique<PeerExchangeHandler>(pipeline);
  // Room for every peer's full share: the listener's own per-peer bound refuses before this
  // queue would.
  const std::size_t capacity =
      std::max<std::size_t>(1, config_.peers.size()) * config_.max_in_flight_per_peer;
  workers_ = std::make_unique<WorkerPool>(config_.workers, capacity);
  peer::PeerListenerSettings listener;
  listener.endpoint = config_.listen;
  listener.secret_key = config_.curve_secret_key;
  for (const FederationPeer& p : config_.peers) listener.peers_by_key[p.curve_public_key] = p.name;
  listener.max_in_flight_per_peer = config_.max_in_flight_per_peer;
  listener.max_body_bytes = max_message_bytes_;
  listener.heartbeat_ms = config_.heartbeat_ms;
  WorkerPool* pool = workers_.get();
  listener_ = std::make_unique<peer::PeerListener>(
      std::move(listener), *handler_,
      [pool](std::function<void()> task) { return pool->tryPush(std::move(task)); });
}

void FederationRuntime::start() {
  clients_->start();
  if (listener_) listener_->start();
}

void FederationRuntime::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (listener_) listener_->stop();
  if (workers_) workers_->stop();
  clients_->stop();
}

}  // namespace renkei

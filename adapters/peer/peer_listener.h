#pragma once
// The peer listener: one ZeroMQ ROUTER socket, CURVE server, where peer brokers send their
// requests. Authentication is the ZAP handler's (known keys only); the peer's name comes with
// every message as its User-Id. One I/O thread owns the socket; each request runs on the
// executor's threads (a fixed pool, never a thread per request), and its reply comes back to the
// I/O thread through a queue. Requests beyond maxInFlightPerPeer from one peer are answered
// Server.Overloaded at once.
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "adapters/peer/wakeup.h"
#include "adapters/peer/zap_handler.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei::peer {

struct PeerListenerSettings {
  std::string endpoint;                             // "tcp://127.0.0.1:7701"
  std::string secret_key;                           // this broker's, Z85
  std::map<std::string, std::string> peers_by_key;  // Z85 public key -> peer name
  std::size_t max_in_flight_per_peer = 64;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int heartbeat_ms = 1000;
  // The signed registry snapshot this broker gives to followers (peer_listener_snapshot.cpp):
  // called on the I/O thread, so it only hands out what it holds. Unset, or nullopt: "none".
  std::function<std::optional<std::string>()> snapshot;
};

// Runs a task on a worker; false when it cannot take it now (full).
using Executor = std::function<bool(std::function<void()>)>;

class PeerListener {
 public:
  // Binds at once; throws std::runtime_error naming the endpoint when it cannot.
  PeerListener(PeerListenerSettings settings, PeerCallHandler& handler, Executor executor);
  ~PeerListener();
  PeerListener(const PeerListener&) = delete;
  PeerListener& operator=(const PeerListener&) = delete;

  void start();
  // Stops taking requests; replies of requests still running are dropped. Idempotent.
  void stop();
  // Keys refused by the ZAP handler so far.
  long refusedKeys() const { return zap_->refused(); }

 private:
  struct Done {
    std::string routing_id;
    std::string peer;
    std::vector<std::string> frames;
  };

  void run();
  void receive();
  void sendDone();
  void reply(const std::string& routing_id, uint64_t correlation, const PeerAnswer& answer);
  // A registry snapshot fetch (frames[0] is the snapshot request tag); answered at once.
  void answerSnapshot(const std::string& routing_id, const std::string& peer,
                      const std::vector<std::string>& frames);

  PeerListenerSettings settings_;
  PeerCallHandler& handler_;
  Executor executor_;
  zmq::context_t context_;
  std::unique_ptr<ZapHandler> zap_;
  zmq::socket_t socket_;
  Wakeup wakeup_;
  std::mutex mutex_;
  std::deque<Done> done_;                         // guarded by mutex_
  std::map<std::string, std::size_t> in_flight_;  // I/O thread only: per peer
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace renkei::peer

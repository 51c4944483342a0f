#pragma once
// The client side of the peer transport: one ZeroMQ DEALER socket per peer broker (CURVE
// client, the peer's public key as server key), all owned by one I/O thread. A call is queued to
// that thread and its caller (a pipeline worker) waits for the reply or its deadline, so many
// calls share one connection and no thread exists per call. Calls to one peer are bounded
// (maxInFlightPerPeer); a peer that is not connected, or whose breaker is open, is refused at
// once; a lost connection fails every call waiting on it.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "adapters/peer/peer_frames.h"
#include "adapters/peer/peer_health.h"
#include "adapters/peer/wakeup.h"
#include "broker/transport/peer_forwarder.h"

namespace renkei::peer {

struct PeerEndpoint {
  std::string name;
  std::string endpoint;    // "tcp://10.0.0.2:7701"
  std::string public_key;  // Z85: the peer's, checked by CURVE during the handshake
};

struct PeerClientSettings {
  std::string public_key;  // this broker's, Z85
  std::string secret_key;
  std::vector<PeerEndpoint> peers;
  std::size_t max_in_flight_per_peer = 64;
  std::size_t max_answer_bytes = 8 * 1024 * 1024;
  int breaker_failures = 3;
  int breaker_open_ms = 2000;
  int heartbeat_ms = 1000;
};

class PeerClients : public PeerForwarder {
 public:
  explicit PeerClients(PeerClientSettings settings);
  ~PeerClients() override;
  PeerClients(const PeerClients&) = delete;
  PeerClients& operator=(const PeerClients&) = delete;

  void start();
  void stop();  // fails calls still waiting; idempotent
  PeerAnswer call(const std::string& peer, const PeerCall& call,
                  std::chrono::steady_clock::time_point deadline) override;
  bool connected(const std::string& peer) const;
  // Connected and its breaker closed: a call would go out now (the outbox holds copies for a
  // peer back while this is false, instead of spending their attempts).
  bool available(const std::string& peer) const;

 private:
  struct Pending {
    std::string peer;
    bool done = false;
    PeerAnswer answer;
    std::condition_variable cv;
  };
  struct Outgoing {
    uint64_t correlation;
    std::size_t link;
    Frames frames;
  };
  struct Link {
    PeerEndpoint endpoint;
    zmq::socket_t socket;
    zmq::socket_t monitor;
    std::unique_ptr<PeerHealth> health;
    std::size_t in_flight = 0;  // guarded by mutex_
    bool complained = false;    // I/O thread: a failing handshake is logged once, not per retry
  };

  void run();
  void sendQueued();
  void receive(std::size_t link);
  void monitorEvent(std::size_t link);
  // Under mutex_: completes a waiting call, if it is still waiting.
  void completeLocked(uint64_t correlation, PeerAnswer answer);
  void failAllLocked(std::size_t link, const std::string& why);

  PeerClientSettings settings_;
  zmq::context_t context_;
  std::vector<Link> links_;
  std::map<std::string, std::size_t> by_name_;
  Wakeup wakeup_;
  mutable std::mutex mutex_;
  std::map<uint64_t, std::shared_ptr<Pending>> pending_;  // guarded by mutex_
  std::deque<Outgoing> outgoing_;                         // guarded by mutex_
  std::atomic<uint64_t> next_correlation_{1};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace renkei::peer

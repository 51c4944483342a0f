#pragma once
// ZeroMQ's authentication hook (ZAP, RFC 27) for the peer listener: a CURVE client is admitted
// only when its public key is one of the directory's peers, and its peer name becomes the
// connection's User-Id, which the listener reads off every message. Any other key is refused
// and logged. Runs its own thread on the listener's context (inproc://zeromq.zap.01).
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <zmq.hpp>

namespace renkei::peer {

class ZapHandler {
 public:
  // `peers_by_key`: Z85 public key -> peer name. Binds at once, so it is in place before the
  // listener's socket binds.
  ZapHandler(zmq::context_t& context, std::map<std::string, std::string> peers_by_key);
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  long refused() const { return refused_.load(); }

 private:
  void run();
  bool shouldLog(const std::string& key);

  zmq::socket_t socket_;
  const std::map<std::string, std::string> peers_by_key_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> refused_{0};
  // A refused peer reconnects every second or so: each key is logged once a minute, not each time.
  std::map<std::string, std::chrono::steady_clock::time_point> logged_;  // handler thread only
  std::thread thread_;
};

}  // namespace renkei::peer

#pragma once
// The connection machinery both listeners share (the unit-facing broker listener and the admin
// listener): a gSOAP socket bound to host:port, one acceptor thread, a fixed pool of workers and
// a bounded queue of accepted connections. Each worker hands a connection to the owner's
// ConnectionServer, which serves its keep-alive requests in turn. No thread is created per
// connection or message.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/core/exchange.h"

struct soap;

namespace renkei {

struct GsoapListenerOptions {
  std::string name = "listener";  // for error messages: "admin listener cannot listen on …"
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = ephemeral; see GsoapListener::port()
  int backlog = 128;
  int worker_threads = 4;
  int queue_capacity = 64;    // accepted connections waiting for a worker
  int idle_timeout_s = 30;    // keep-alive idle and per-read stall limit
  int max_keep_alive = 1000;  // requests per connection before it is recycled
  std::size_t max_body_bytes = 1024 * 1024;
  int soap_mode = 0;  // extra gSOAP mode flags (e.g. SOAP_C_UTFSTRING); keep-alive is always on
};

class GsoapListener;

// What a listener does with its connections.
class ConnectionServer {
 public:
  virtual ~ConnectionServer() = default;
  // Serves the connection's requests until the peer closes, a timeout, an error, or
  // `listener.running()` turns false. The listener closes and frees the connection afterwards.
  virtual void serveConnection(struct soap* conn, const GsoapListener& listener) = 0;
  // The queue is full. The request has not been read; the default just hangs up.
  virtual void refuseOverloaded(struct soap* conn);
};

class GsoapListener {
 public:
  // `server` must outlive the listener.
  GsoapListener(GsoapListenerOptions options, ConnectionServer& server);
  ~GsoapListener();
  GsoapListener(const GsoapListener&) = delete;
  GsoapListener& operator=(const GsoapListener&) = delete;

  // Binds and starts the acceptor and workers. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, lets workers finish the request in hand, joins all threads. Idempotent.
  void stop();
  int port() const { return bound_port_; }
  bool running() const { return running_; }

 private:
  void acceptLoop();
  void workerLoop();

  GsoapListenerOptions options_;
  ConnectionServer& server_;
  struct soap* listener_ = nullptr;
  int bound_port_ = 0;
  std::atomic<bool> running_{false};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<struct soap*> queue_;  // accepted, waiting for a worker
  std::set<struct soap*> serving_;  // held by a worker right now
};

// Sends `reply` on `conn` with Content-Length (the body is buffered), so the connection can
// stay alive. Returns SOAP_OK or the gSOAP error.
int sendHttpReply(struct soap* conn, const HttpReply& reply);

}  // namespace renkei

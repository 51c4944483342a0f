#pragma once
// The admin listener's connection machinery: a gSOAP socket bound to host:port, one poller
// thread, a fixed pool of workers and a bounded queue of connections with a request waiting.
// An idle connection costs no worker: the poller holds every connection that has not sent a
// byte yet (a browser's speculative second socket) or is between keep-alive requests, and hands
// it to a worker only once bytes arrive (with wait_for_whole_request, once the whole request
// has). Two idle sockets used to hold both admin workers for the whole idle timeout (30 s), so
// one open browser locked everyone else out. No thread is created per connection or message.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
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
  int queue_capacity = 64;  // connections with a request in, waiting for a worker
  int idle_timeout_s = 30;  // keep-alive idle and per-read stall limit
  int max_idle = 256;       // idle connections held; past it the longest idle is closed
  // Whole-request deadline (headers and body), and for sending the answer: a client trickling
  // bytes cannot hold a worker longer than this.
  int request_deadline_s = 10;
  // Plain HTTP (not TLS): a connection goes to a worker only once its whole request has arrived
  // (peeked on the socket), so a trickling client holds no worker at all.
  bool wait_for_whole_request = false;
  int max_keep_alive = 1000;  // requests per connection before it is recycled
  std::size_t max_body_bytes = 1024 * 1024;
  int soap_mode = 0;  // extra gSOAP mode flags (e.g. SOAP_C_UTFSTRING); keep-alive is always on
};

class GsoapListener;

// What a worker does with a connection once it has served what was waiting on it.
enum class AfterServing {
  kClose,  // the peer closed, an error, a timeout, or no keep-alive: the listener closes it
  kPark,   // idle between requests: the listener holds it without a worker until bytes arrive
};

// What a listener does with its connections.
class ConnectionServer {
 public:
  virtual ~ConnectionServer() = default;
  // Called on a worker when the connection has bytes waiting (its first or a later request).
  // Serves requests while more are waiting (requestWaiting below) and returns kPark when the
  // next one has not arrived yet; kClose ends the connection. What the server keeps for the
  // connection across parks (its TLS session) hangs on conn->user.
  virtual AfterServing serveConnection(struct soap* conn, const GsoapListener& listener) = 0;
  // The listener is about to close `conn` (after kClose, the idle timeout, the idle cap or
  // stop()): free what serveConnection kept on conn->user. Never called while it is served.
  virtual void forgetConnection(struct soap* conn);
  // The queue is full. The request has not been read; the default just hangs up.
  virtual void refuseOverloaded(struct soap* conn);
  // Bytes of the connection's next request that the server has already taken off the socket
  // (a pipelined request read along with the last one), to be counted with what is on the
  // socket when the listener waits for a whole request. Empty by default.
  virtual std::string_view readAhead(struct soap* conn) const;
  // True when `conn`, parked by serveConnection, is in the middle of something its client must
  // finish (a request read ahead in part, a TLS handshake): it then waits under the
  // whole-request deadline, not the idle timeout. By default: readAhead is not empty.
  virtual bool midRequest(struct soap* conn) const;
};

// True when a request can be read from `conn` without waiting: bytes already in gSOAP's input
// buffer or on the socket (end of stream counts: reading it ends the connection at once).
bool requestWaiting(struct soap* conn);

// True when `ahead` (bytes of a request already read) and what is on `fd` now (peeked, not
// consumed) hold a whole request, by wholeRequestBytes' count.
bool wholeRequestWaiting(std::string_view ahead, int fd);

class GsoapListener {
 public:
  // `server` must outlive the listener.
  GsoapListener(GsoapListenerOptions options, ConnectionServer& server);
  ~GsoapListener();
  GsoapListener(const GsoapListener&) = delete;
  GsoapListener& operator=(const GsoapListener&) = delete;

  // Binds and starts the poller and workers. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, lets workers finish the request in hand, joins all threads. Idempotent.
  void stop();
  int port() const { return bound_port_; }
  bool running() const { return running_; }

 private:
  struct Parked {
    struct soap* conn;
    std::chrono::steady_clock::time_point since;  // parked, or its request's first byte
    bool partial = false;  // part of a request is waiting (wait_for_whole_request)
  };
  enum class Arrival {
    kWhole,  // a worker takes it now
    kPart,   // wait: its socket wakes the poller again only once more is there (SO_RCVLOWAT)
    kNever,  // the client ended its stream (or reset it) before a whole request: close it
  };
  Arrival requestArrival(Parked& idle, short revents, std::chrono::steady_clock::time_point now);
  void pollLoop();
  void acceptOne();
  void workerLoop();
  // Hands a connection with bytes waiting to the workers, or refuses it when the queue is full.
  void dispatch(struct soap* conn);
  void close(struct soap* conn);
  void wakePoller();

  GsoapListenerOptions options_;
  ConnectionServer& server_;
  struct soap* listener_ = nullptr;
  int bound_port_ = 0;
  int wake_fd_ = -1;  // eventfd: a worker parked a connection, or stop()
  std::atomic<bool> running_{false};
  std::thread poller_;
  std::vector<std::thread> workers_;
  std::vector<Parked> parked_;  // the poller's own: idle connections, oldest first
  std::vector<char> peeked_;    // the poller's buffer for wait_for_whole_request
  std::chrono::steady_clock::time_point accept_paused_until_{};  // after EMFILE
  bool out_of_descriptors_ = false;                              // logged once per shortage
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<struct soap*> queue_;      // bytes waiting, for the next free worker
  std::set<struct soap*> serving_;      // held by a worker right now
  std::vector<struct soap*> returned_;  // parked by workers, for the poller to take
};

// Sends `reply` on `conn` with Content-Length (the body is buffered), so the connection can
// stay alive. Returns SOAP_OK or the gSOAP error.
int sendHttpReply(struct soap* conn, const HttpReply& reply);

}  // namespace renkei

#pragma once
// The unit-facing HTTP/1.1 listener: one event-loop thread (epoll) owns every connection and a
// WorkerPool runs whole requests. Idle keep-alive connections and clients that trickle bytes cost
// a few hundred bytes of memory, never a worker; a request gets one deadline from its first byte
// to its last (headers and body), not a per-read timeout; connections are capped in total and
// per peer address; GET (WSDL, /healthz) is answered on the loop thread, outside the pool; when
// the pool's queue is full the caller gets Server.Overloaded (503, Retry-After) at once.
// With TLS the loop also drives each handshake without blocking, and the handshake counts
// against the request deadline: a client that stalls in it holds nothing but its socket.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "broker/core/cpu_demand.h"
#include "broker/server/request_handler.h"
#include "broker/tls/tls_context.h"

namespace renkei {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = ephemeral; see HttpServer::port()
  int worker_threads = 64;
  int active_workers = 0;               // WorkerPool's running limit; 0: none
  CpuDemand* cpu_demand = nullptr;      // told the workers' running and queued tasks, when set
  int queue_capacity = 256;             // whole requests waiting for a worker
  int max_queue_wait_ms = 2000;         // a request waiting longer is answered Server.Overloaded
  int idle_timeout_s = 30;              // keep-alive connection with no request in progress
  int request_timeout_ms = 10000;       // first byte of a request to its last byte
  int max_connections = 10000;          // open connections in total
  int max_connections_per_peer = 2000;  // open connections from one IP address
  int max_keep_alive = 10000;           // requests per connection before it is closed
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  // Set: every connection is TLS (client certificates as the context says); null: plain HTTP.
  std::shared_ptr<const TlsContext> tls;
};

// Counters for tests, health and metrics; read without locks, so each is only roughly current.
struct HttpServerStats {
  std::atomic<int64_t> connections_open{0};
  std::atomic<int64_t> connections_accepted{0};
  std::atomic<int64_t> connections_refused{0};  // over the total or per-peer cap
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> overloaded{0};        // answered Server.Overloaded
  std::atomic<int64_t> request_timeouts{0};  // request not whole within its deadline
  std::atomic<int64_t> idle_closed{0};
  std::atomic<int64_t> tls_handshakes{0};          // completed
  std::atomic<int64_t> tls_handshake_failures{0};  // refused certificate, bad protocol, reset
  std::atomic<int64_t> tls_handshake_timeouts{0};  // not complete within the request deadline
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, RequestHandler& handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the loop and the workers. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, lets requests in hand finish and their replies go out, closes the rest.
  void stop();
  int port() const;
  const HttpServerStats& stats() const;

 private:
  class Loop;  // http_server_loop.h
  HttpServerOptions options_;
  RequestHandler& handler_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace renkei

#pragma once
// HTTP/1.1 listener on gSOAP's engine: one acceptor thread, a fixed pool of workers, a bounded
// queue of accepted connections. Each worker serves a connection's keep-alive requests in turn.
// No thread is created per connection or message.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/server/request_handler.h"

struct soap;

namespace renkei {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = ephemeral; see SoapHttpServer::port()
  int worker_threads = 8;
  int queue_capacity = 256;   // accepted connections waiting for a worker
  int idle_timeout_s = 30;    // keep-alive idle and per-read stall limit
  int max_keep_alive = 1000;  // requests per connection before it is recycled
  size_t max_body_bytes = 4 * 1024 * 1024;
};

class SoapHttpServer {
 public:
  SoapHttpServer(HttpServerOptions options, RequestHandler& handler);
  ~SoapHttpServer();
  SoapHttpServer(const SoapHttpServer&) = delete;
  SoapHttpServer& operator=(const SoapHttpServer&) = delete;

  // Binds and starts the acceptor and workers. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, lets workers finish the request in hand, joins all threads.
  void stop();
  int port() const { return bound_port_; }

 private:
  void acceptLoop();
  void workerLoop();
  void serveConnection(struct soap* conn);
  void refuseOverloaded(struct soap* conn);

  HttpServerOptions options_;
  RequestHandler& handler_;
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

}  // namespace renkei

#pragma once
// The unit-facing HTTP/1.1 listener on gSOAP's engine (GsoapListener: acceptor, fixed worker
// pool, bounded queue). Each request's body goes to the RequestHandler as raw bytes: the broker
// pipeline parses and validates it, gSOAP only speaks HTTP.
#include <cstddef>
#include <string>

#include "broker/server/gsoap_listener.h"
#include "broker/server/request_handler.h"

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

class SoapHttpServer : private ConnectionServer {
 public:
  SoapHttpServer(HttpServerOptions options, RequestHandler& handler);
  ~SoapHttpServer() override;
  SoapHttpServer(const SoapHttpServer&) = delete;
  SoapHttpServer& operator=(const SoapHttpServer&) = delete;

  // Binds and starts the acceptor and workers. Throws std::runtime_error if it cannot bind.
  void start() { listener_.start(); }
  // Stops accepting, lets workers finish the request in hand, joins all threads.
  void stop() { listener_.stop(); }
  int port() const { return listener_.port(); }

 private:
  void serveConnection(struct soap* conn, const GsoapListener& listener) override;
  void refuseOverloaded(struct soap* conn) override;

  RequestHandler& handler_;
  GsoapListener listener_;
};

}  // namespace renkei

// HttpServer's public face; the event loop is HttpServer::Loop (http_server_loop.h).
#include "broker/server/http_server.h"

#include "broker/server/http_server_loop.h"

namespace renkei {

HttpServer::HttpServer(HttpServerOptions options, RequestHandler& handler)
    : options_(std::move(options)), handler_(handler) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  loop_ = std::make_unique<Loop>(options_, handler_);
  loop_->start();
}

void HttpServer::stop() {
  if (loop_) loop_->stop();
}

int HttpServer::port() const { return loop_ ? loop_->port() : 0; }

const HttpServerStats& HttpServer::stats() const {
  static const HttpServerStats kNone;
  return loop_ ? loop_->stats() : kNone;
}

}  // namespace renkei

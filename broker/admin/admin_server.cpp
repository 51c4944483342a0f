#include "broker/admin/admin_server.h"

#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <stdexcept>

#include "broker/admin/admin_soap_endpoint.h"
#include "stdsoap2.h"

namespace renkei::admin {
namespace {

// Per-connection state reachable from gSOAP callbacks through soap->user.
struct ConnectionState {
  AdminWebView* web = nullptr;
  std::string host;
  int (*parse_header)(struct soap*, const char*, const char*) = nullptr;
};

ConnectionState& stateOf(struct soap* conn) { return *static_cast<ConnectionState*>(conn->user); }

// gSOAP does not keep the Host header of a request; the WSDL page needs it for its address.
int captureHost(struct soap* conn, const char* key, const char* value) {
  ConnectionState& state = stateOf(conn);
  if (key && value && strcasecmp(key, "Host") == 0) state.host = value;
  return state.parse_header(conn, key, value);
}

int serveGet(struct soap* conn) {
  ConnectionState& state = stateOf(conn);
  const HttpReply reply = state.web->handle(conn->path, state.host);
  conn->http_content = reply.content_type.c_str();
  // Buffer the page so gSOAP announces Content-Length and the connection can stay alive.
  conn->omode = (conn->omode & ~SOAP_IO) | SOAP_IO_STORE;
  const int status = reply.status == 200 ? SOAP_FILE : SOAP_FILE + reply.status;
  if (soap_response(conn, status) || soap_send_raw(conn, reply.body.data(), reply.body.size()) ||
      soap_end_send(conn)) {
    return conn->error;
  }
  return SOAP_OK;
}

}  // namespace

AdminServer::AdminServer(AdminServerOptions options, Store& store, LinkRegistry& registry)
    : options_(std::move(options)),
      service_(store, registry, options_.today),
      web_(service_, store, options_.web) {}

AdminServer::~AdminServer() { stop(); }

void AdminServer::start() {
  listener_ = soap_new1(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
  listener_->bind_flags = SO_REUSEADDR;
  listener_->accept_timeout = -100000;  // microseconds: notice stop() within 0.1 s
  listener_->recv_timeout = options_.idle_timeout_s;
  listener_->send_timeout = options_.idle_timeout_s;
  listener_->recv_maxlength = options_.max_body_bytes;
  if (!soap_valid_socket(soap_bind(listener_, options_.host.c_str(), options_.port, 32))) {
    std::string why =
        "admin listener cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    const char* detail = soap_fault_string(listener_);
    if (detail) why += std::string(": ") + detail;
    soap_free(listener_);
    listener_ = nullptr;
    throw std::runtime_error(why);
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(listener_->master, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port_ = addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  running_ = true;
  for (int i = 0; i < options_.worker_threads; ++i) workers_.emplace_back([this] { workerLoop(); });
  acceptor_ = std::thread([this] { acceptLoop(); });
}

void AdminServer::stop() {
  if (!running_.exchange(false)) return;
  ready_.notify_all();
  {
    // Idle keep-alive connections would hold their worker until the idle timeout.
    std::lock_guard lock(mutex_);
    for (struct soap* conn : serving_) ::shutdown(conn->socket, SHUT_RD);
  }
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  for (struct soap* conn : queue_) {
    soap_force_closesock(conn);
    soap_free(conn);
  }
  queue_.clear();
  soap_free(listener_);
  listener_ = nullptr;
}

void AdminServer::acceptLoop() {
  while (running_) {
    if (!soap_valid_socket(soap_accept(listener_))) continue;  // timeout or transient error
    struct soap* conn = soap_copy(listener_);
    if (!conn) {
      soap_force_closesock(listener_);
      continue;
    }
    listener_->socket = SOAP_INVALID_SOCKET;  // the copy owns the socket now
    std::unique_lock lock(mutex_);
    if (static_cast<int>(queue_.size()) >= options_.queue_capacity) {
      // Governance traffic is light; a full queue means something is hammering the port.
      lock.unlock();
      soap_force_closesock(conn);
      soap_free(conn);
      continue;
    }
    queue_.push_back(conn);
    lock.unlock();
    ready_.notify_one();
  }
}

void AdminServer::workerLoop() {
  while (true) {
    struct soap* conn = nullptr;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return !running_ || !queue_.empty(); });
      if (!running_) return;
      conn = queue_.front();
      queue_.pop_front();
      serving_.insert(conn);
    }
    serveConnection(conn);
    {
      std::lock_guard lock(mutex_);
      serving_.erase(conn);
    }
    soap_force_closesock(conn);
    soap_free(conn);
  }
}

void AdminServer::serveConnection(struct soap* conn) {
  ConnectionState state;
  state.web = &web_;
  state.parse_header = conn->fparsehdr;
  conn->user = &state;
  conn->fparsehdr = captureHost;
  conn->fget = serveGet;
  AdminSoapEndpoint endpoint(conn, service_);
  // The generated serve() loop, with a stop check and per-request cleanup: one request per
  // iteration, a GET answered by serveGet ends its iteration with SOAP_STOP.
  conn->keep_alive = conn->max_keep_alive + 1;
  while (running_) {
    if (conn->keep_alive > 0 && conn->max_keep_alive > 0) conn->keep_alive--;
    state.host.clear();
    if (soap_begin_serve(conn)) {
      const bool answered_get = conn->error == SOAP_STOP;
      soap_destroy(conn);
      soap_end(conn);
      if (answered_get && conn->keep_alive) continue;
      break;  // closed by peer, timeout, or not HTTP
    }
    if (endpoint.dispatch() && conn->error && conn->error < SOAP_STOP) {
      soap_send_fault(conn);
      break;
    }
    soap_destroy(conn);
    soap_end(conn);
    if (!conn->keep_alive) break;
  }
  soap_destroy(conn);
  soap_end(conn);
}

}  // namespace renkei::admin

#include "broker/server/soap_http_server.h"

#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <stdexcept>

#include "stdsoap2.h"

// Defined in gsoap_namespaces.cpp from soapcpp2's output. Referencing it here also makes the
// static library's linker pull that object in before libgsoap++ needs it.
extern SOAP_NMAC struct Namespace namespaces[];

namespace renkei {
namespace {

// Per-connection state reachable from gSOAP callbacks through soap->user.
struct ConnectionState {
  RequestHandler* handler = nullptr;
  std::string content_type;
  std::string host;
  int (*parse_header)(struct soap*, const char*, const char*) = nullptr;
};

ConnectionState& stateOf(struct soap* conn) { return *static_cast<ConnectionState*>(conn->user); }

// gSOAP parses the HTTP headers itself but does not keep the request's Content-Type, which the
// broker needs to tell SOAP 1.1 from 1.2; capture it, then let gSOAP continue as usual.
int captureHeader(struct soap* conn, const char* key, const char* value) {
  ConnectionState& state = stateOf(conn);
  if (key && value && strcasecmp(key, "Content-Type") == 0) state.content_type = value;
  if (key && value && strcasecmp(key, "Host") == 0) state.host = value;
  return state.parse_header(conn, key, value);
}

int sendReply(struct soap* conn, const HttpReply& reply) {
  conn->http_content = reply.content_type.c_str();
  // Buffer the whole body so gSOAP can announce Content-Length and keep the connection alive.
  conn->omode = (conn->omode & ~SOAP_IO) | SOAP_IO_STORE;
  const int status = reply.status == 200 ? SOAP_FILE : SOAP_FILE + reply.status;
  if (soap_response(conn, status) || soap_send_raw(conn, reply.body.data(), reply.body.size()) ||
      soap_end_send(conn)) {
    return conn->error;
  }
  return SOAP_OK;
}

int serveGet(struct soap* conn) {
  ConnectionState& state = stateOf(conn);
  HttpReply reply = state.handler->handleGet(conn->path, state.host);
  return sendReply(conn, reply);
}

}  // namespace

SoapHttpServer::SoapHttpServer(HttpServerOptions options, RequestHandler& handler)
    : options_(std::move(options)), handler_(handler) {}

SoapHttpServer::~SoapHttpServer() { stop(); }

void SoapHttpServer::start() {
  listener_ = soap_new1(SOAP_IO_KEEPALIVE);
  soap_set_namespaces(listener_, namespaces);
  listener_->bind_flags = SO_REUSEADDR;
  listener_->accept_timeout = -100000;  // microseconds: notice stop() within 0.1 s
  listener_->max_keep_alive = options_.max_keep_alive;
  listener_->recv_timeout = options_.idle_timeout_s;
  listener_->send_timeout = options_.idle_timeout_s;
  listener_->recv_maxlength = options_.max_body_bytes;
  if (!soap_valid_socket(soap_bind(listener_, options_.host.c_str(), options_.port, 128))) {
    std::string why = "cannot listen on " + options_.host + ":" + std::to_string(options_.port);
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

void SoapHttpServer::stop() {
  if (!running_.exchange(false)) return;
  ready_.notify_all();
  {
    // Idle keep-alive connections would hold their worker until the idle timeout; end their
    // reading side so the worker sees end-of-stream at once. A request already being handled
    // still gets its reply.
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

void SoapHttpServer::acceptLoop() {
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
      lock.unlock();
      refuseOverloaded(conn);
      continue;
    }
    queue_.push_back(conn);
    lock.unlock();
    ready_.notify_one();
  }
}

void SoapHttpServer::workerLoop() {
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
      // Leave serving_ before closing, so stop() never shuts down a reused descriptor.
      std::lock_guard lock(mutex_);
      serving_.erase(conn);
    }
    soap_force_closesock(conn);
    soap_free(conn);
  }
}

void SoapHttpServer::serveConnection(struct soap* conn) {
  ConnectionState state;
  state.handler = &handler_;
  state.parse_header = conn->fparsehdr;
  conn->user = &state;
  conn->fparsehdr = captureHeader;
  conn->fget = serveGet;
  while (running_) {
    state.content_type.clear();
    state.host.clear();
    soap_begin(conn);
    if (soap_begin_recv(conn)) {
      if (conn->error == SOAP_STOP && conn->keep_alive) continue;  // a GET was answered
      break;  // closed by peer, timeout, or not HTTP
    }
    size_t length = 0;
    const char* body = soap_http_get_body(conn, &length);
    if (!body && conn->error == SOAP_EOM) {  // over recv_maxlength: answer, then hang up
      conn->keep_alive = 0;
      sendReply(conn, handler_.refuse(FaultCode::kMessageTooLarge));
      break;
    }
    if (!body || soap_end_recv(conn)) break;
    HttpRequest request;
    request.method = "POST";
    request.path = conn->path;
    request.content_type = state.content_type;
    request.soap_action = conn->action ? conn->action : "";
    request.body.assign(body, length);
    request.peer = conn->host;
    HttpReply reply = handler_.handlePost(request);
    if (sendReply(conn, reply) != SOAP_OK || !conn->keep_alive) break;
    soap_destroy(conn);
    soap_end(conn);
  }
  soap_destroy(conn);
  soap_end(conn);
}

void SoapHttpServer::refuseOverloaded(struct soap* conn) {
  // The request is not read: the caller learns at once that it should retry elsewhere.
  conn->keep_alive = 0;
  HttpReply reply = handler_.refuse(FaultCode::kOverloaded);
  sendReply(conn, reply);
  soap_force_closesock(conn);
  soap_free(conn);
}

}  // namespace renkei

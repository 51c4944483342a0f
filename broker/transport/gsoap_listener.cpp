#include "broker/transport/gsoap_listener.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <stdexcept>

#include "broker/core/thread_name.h"
#include "stdsoap2.h"

// Defined in gsoap_namespaces.cpp from soapcpp2's output (the renkei_gsoap_runtime objects).
extern SOAP_NMAC struct Namespace namespaces[];

namespace renkei {
namespace {

// gSOAP keeps what it allocates for a context (faults it set, e.g. on an accept timeout) until
// soap_destroy/soap_end; soap_free alone would leak them.
void release(struct soap* context) {
  soap_destroy(context);
  soap_end(context);
  soap_free(context);
}

void closeAndRelease(struct soap* conn) {
  soap_force_closesock(conn);
  release(conn);
}

}  // namespace

void ConnectionServer::refuseOverloaded(struct soap*) {}

int sendHttpReply(struct soap* conn, const HttpReply& reply) {
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

GsoapListener::GsoapListener(GsoapListenerOptions options, ConnectionServer& server)
    : options_(std::move(options)), server_(server) {}

GsoapListener::~GsoapListener() { stop(); }

void GsoapListener::start() {
  listener_ = soap_new1(SOAP_IO_KEEPALIVE | options_.soap_mode);
  soap_set_namespaces(listener_, namespaces);
  listener_->bind_flags = SO_REUSEADDR;
  listener_->accept_timeout = -100000;  // microseconds: notice stop() within 0.1 s
  listener_->max_keep_alive = options_.max_keep_alive;
  listener_->recv_timeout = options_.idle_timeout_s;
  listener_->send_timeout = options_.idle_timeout_s;
  listener_->recv_maxlength = options_.max_body_bytes;
  if (!soap_valid_socket(
          soap_bind(listener_, options_.host.c_str(), options_.port, options_.backlog))) {
    std::string why =
        options_.name + " cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    const char* detail = soap_fault_string(listener_);
    if (detail) why += std::string(": ") + detail;
    release(listener_);
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
  // "admin listener" names its threads admin-serve and admin-accept.
  const std::string prefix = options_.name.substr(0, options_.name.find(' '));
  for (int i = 0; i < options_.worker_threads; ++i) {
    workers_.push_back(namedThread(prefix + "-serve", [this] { workerLoop(); }));
  }
  acceptor_ = namedThread(prefix + "-accept", [this] { acceptLoop(); });
}

void GsoapListener::stop() {
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
  for (struct soap* conn : queue_) closeAndRelease(conn);
  queue_.clear();
  release(listener_);
  listener_ = nullptr;
}

void GsoapListener::acceptLoop() {
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
      server_.refuseOverloaded(conn);
      closeAndRelease(conn);
      continue;
    }
    queue_.push_back(conn);
    lock.unlock();
    ready_.notify_one();
  }
}

void GsoapListener::workerLoop() {
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
    server_.serveConnection(conn, *this);
    {
      // Leave serving_ before closing, so stop() never shuts down a reused descriptor.
      std::lock_guard lock(mutex_);
      serving_.erase(conn);
    }
    closeAndRelease(conn);
  }
}

}  // namespace renkei

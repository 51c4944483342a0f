#include "broker/admin/admin_server.h"

#include <strings.h>

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
  return sendHttpReply(conn, state.web->handle(conn->path, state.host));
}

GsoapListenerOptions listenerOptions(const AdminServerOptions& options) {
  GsoapListenerOptions listener;
  listener.name = "admin listener";
  listener.host = options.host;
  listener.port = options.port;
  listener.backlog = 32;
  listener.worker_threads = options.worker_threads;
  // Governance traffic is light; a full queue means something is hammering the port, and
  // those connections are closed unread.
  listener.queue_capacity = options.queue_capacity;
  listener.idle_timeout_s = options.idle_timeout_s;
  listener.max_body_bytes = options.max_body_bytes;
  listener.soap_mode = SOAP_C_UTFSTRING;  // Japanese names and purposes arrive as UTF-8
  return listener;
}

}  // namespace

AdminServer::AdminServer(AdminServerOptions options, Store& store, LinkRegistry& registry)
    : options_(std::move(options)),
      service_(store, registry, options_.today),
      web_(service_, options_.web),
      listener_(listenerOptions(options_), *this) {}

// The listener's threads call back into this object: stop them before it is gone.
AdminServer::~AdminServer() { listener_.stop(); }

void AdminServer::serveConnection(struct soap* conn, const GsoapListener& listener) {
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
  while (listener.running()) {
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

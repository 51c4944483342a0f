#include "broker/admin/admin_server.h"

#include <fcntl.h>
#include <strings.h>

#include <iostream>

#include "broker/admin/admin_soap_endpoint.h"
#include "broker/admin/admin_soap_fault.h"
#include "broker/admin/host_check.h"
#include "broker/tls/blocking_tls.h"
#include "stdsoap2.h"

namespace renkei::admin {
namespace {

// Per-connection state reachable from gSOAP callbacks through soap->user.
struct ConnectionState {
  AdminWebView* web = nullptr;
  RegistryAdminService* service = nullptr;
  const std::vector<std::string>* allowed_hosts = nullptr;
  std::string host;
  int (*parse_header)(struct soap*, const char*, const char*) = nullptr;
  BlockingTls* tls = nullptr;
};

ConnectionState& stateOf(struct soap* conn) { return *static_cast<ConnectionState*>(conn->user); }

// gSOAP does not keep the Host header of a request; the WSDL page needs it for its address.
int captureHost(struct soap* conn, const char* key, const char* value) {
  ConnectionState& state = stateOf(conn);
  if (key && value && strcasecmp(key, "Host") == 0) state.host = value;
  return state.parse_header(conn, key, value);
}

// 421 Misdirected Request: this server does not answer for that name.
HttpReply misdirected(const std::string& host) {
  HttpReply reply;
  reply.status = 421;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = "misdirected request: the admin listener does not answer for Host '" +
               host.substr(0, 100) +
               "'. Use one of the names in <admin allowedHosts> (a defence against DNS "
               "rebinding).\n";
  return reply;
}

// Who is reading, as far as the connection tells: the client certificate's subject under TLS
// with client certificates. People and roles (logins) come later.
std::string readerOf(const ConnectionState& state) {
  if (state.tls != nullptr) {
    if (auto certificate = state.tls->peerCertificate()) return certificate->subject;
  }
  return "";
}

int serveGet(struct soap* conn) {
  ConnectionState& state = stateOf(conn);
  if (!isAllowedHost(state.host, *state.allowed_hosts)) {
    sendHttpReply(conn, misdirected(state.host));
    conn->keep_alive = 0;
    return SOAP_STOP;
  }
  HttpReply reply = state.web->handle(conn->path, state.host);
  if (reply.status == 200 && isRegistryPage(conn->path)) {
    try {
      state.service->recordRead({registryReadAction(conn->path), readerOf(state), conn->host,
                                 "GET " + std::string(conn->path)});
    } catch (const std::exception& e) {
      reply = HttpReply{};
      reply.status = 503;
      reply.content_type = "text/plain; charset=utf-8";
      reply.body = std::string(e.what()) + "\n";
    }
  }
  return sendHttpReply(conn, reply);
}

// gSOAP's I/O through the connection's TLS session. Why not gSOAP's own OpenSSL support
// (libgsoapssl++, WITH_OPENSSL): it changes the layout of struct soap, so every translation
// unit and the generated runtime shared with the sample units would have to be built twice;
// and it would be a second TLS configuration with its own CRL and verification rules. Hooking
// frecv/fsend keeps one TlsContext for both listeners.
size_t tlsReceive(struct soap* conn, char* buffer, size_t size) {
  return stateOf(conn).tls->read(buffer, size);
}

int tlsSend(struct soap* conn, const char* data, size_t size) {
  return stateOf(conn).tls->writeAll(data, size) ? SOAP_OK : SOAP_EOF;
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
  state.service = &service_;
  state.allowed_hosts = &options_.allowed_hosts;
  std::unique_ptr<BlockingTls> tls;
  size_t (*original_receive)(struct soap*, char*, size_t) = nullptr;
  int (*original_send)(struct soap*, const char*, size_t) = nullptr;
  if (options_.tls) {
    // BlockingTls waits with poll() and its own deadlines, which needs a non-blocking socket
    // whatever gSOAP chose for it.
    fcntl(conn->socket, F_SETFL, fcntl(conn->socket, F_GETFL) | O_NONBLOCK);
    tls =
        std::make_unique<BlockingTls>(*options_.tls, conn->socket, options_.idle_timeout_s * 1000);
    if (!tls->handshake(options_.handshake_timeout_ms)) {
      // Two workers and a handshake deadline bound how often this can be written.
      std::cerr << "renkei: admin listener: " << tls->failure() << std::endl;
      return;  // the listener closes the connection
    }
    state.tls = tls.get();
    original_receive = conn->frecv;
    original_send = conn->fsend;
    conn->frecv = tlsReceive;
    conn->fsend = tlsSend;
  }
  state.parse_header = conn->fparsehdr;
  conn->user = &state;
  conn->fparsehdr = captureHost;
  conn->fget = serveGet;
  conn->fignore = refuseUndeclaredRegistryElement;
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
    if (!isAllowedHost(state.host, options_.allowed_hosts)) {
      sendHttpReply(conn, misdirected(state.host));
      break;
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
  if (tls) {
    tls->close();
    // The session and `state` end here; the listener closes the socket afterwards.
    conn->frecv = original_receive;
    conn->fsend = original_send;
  }
}

}  // namespace renkei::admin

#include "broker/server/soap_http_server.h"

#include <strings.h>

#include "stdsoap2.h"

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

int serveGet(struct soap* conn) {
  ConnectionState& state = stateOf(conn);
  HttpReply reply = state.handler->handleGet(conn->path, state.host);
  return sendHttpReply(conn, reply);
}

GsoapListenerOptions listenerOptions(const HttpServerOptions& options) {
  GsoapListenerOptions listener;
  listener.name = "broker listener";
  listener.host = options.host;
  listener.port = options.port;
  listener.worker_threads = options.worker_threads;
  listener.queue_capacity = options.queue_capacity;
  listener.idle_timeout_s = options.idle_timeout_s;
  listener.max_keep_alive = options.max_keep_alive;
  listener.max_body_bytes = options.max_body_bytes;
  return listener;
}

}  // namespace

SoapHttpServer::SoapHttpServer(HttpServerOptions options, RequestHandler& handler)
    : handler_(handler), listener_(listenerOptions(options), *this) {}

// The listener's threads call back into this object: stop them before it is gone.
SoapHttpServer::~SoapHttpServer() { listener_.stop(); }

void SoapHttpServer::serveConnection(struct soap* conn, const GsoapListener& listener) {
  ConnectionState state;
  state.handler = &handler_;
  state.parse_header = conn->fparsehdr;
  conn->user = &state;
  conn->fparsehdr = captureHeader;
  conn->fget = serveGet;
  while (listener.running()) {
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
      sendHttpReply(conn, handler_.refuse(FaultCode::kMessageTooLarge));
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
    if (sendHttpReply(conn, reply) != SOAP_OK || !conn->keep_alive) break;
    soap_destroy(conn);
    soap_end(conn);
  }
  soap_destroy(conn);
  soap_end(conn);
}

void SoapHttpServer::refuseOverloaded(struct soap* conn) {
  // The request is not read: the caller learns at once that it should retry elsewhere.
  conn->keep_alive = 0;
  sendHttpReply(conn, handler_.refuse(FaultCode::kOverloaded));
}

}  // namespace renkei

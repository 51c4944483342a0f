#include "broker/admin/admin_server.h"

#include <fcntl.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

#include "broker/admin/admin_soap_endpoint.h"
#include "broker/admin/admin_soap_fault.h"
#include "broker/admin/content_disposition.h"
#include "broker/admin/host_check.h"
#include "broker/admin/web_login_page.h"
#include "broker/core/japan_date.h"
#include "broker/tls/blocking_tls.h"
#include "broker/transport/request_arrival.h"
#include "stdsoap2.h"

namespace renkei::admin {
namespace {

// Per-connection state reachable from gSOAP callbacks through soap->user.
struct ConnectionState {
  AdminWebView* web = nullptr;
  RegistryAdminService* service = nullptr;
  WebActions* actions = nullptr;
  AdminAuthenticator* authenticator = nullptr;
  const std::vector<std::string>* allowed_hosts = nullptr;
  // This request's headers gSOAP does not keep for us.
  std::string host;
  std::string authorization;
  std::string cookie;
  int (*parse_header)(struct soap*, const char*, const char*) = nullptr;
  int (*respond)(struct soap*, int, ULONG64) = nullptr;
  BlockingTls* tls = nullptr;
};

}  // namespace

// What a connection keeps while it is parked between requests: its TLS session and the gSOAP
// hooks installed on it (installing them twice would make captureHeaders call itself).
struct AdminConnection {
  ConnectionState state;
  std::unique_ptr<BlockingTls> tls;
  size_t (*original_receive)(struct soap*, char*, size_t) = nullptr;
  int (*original_send)(struct soap*, const char*, size_t) = nullptr;
  int (*original_close)(struct soap*) = nullptr;
  // Set while the TLS handshake waits for the client: the connection is parked meanwhile, and
  // the handshake fails at this deadline however its bytes trickle.
  bool handshaking = false;
  std::chrono::steady_clock::time_point handshake_deadline;
  // Ends the TLS session (close_notify) while its descriptor is still this connection's; once.
  void endTls() {
    if (tls && !tls_ended) tls->close();
    tls_ended = true;
  }
  bool tls_ended = false;
  // The start of the next request: pipelined, which gSOAP had read along with this one (below),
  // or under TLS what has arrived of it so far (gatherTlsRequest).
  std::string read_ahead;
  std::chrono::steady_clock::time_point request_began;  // when read_ahead got its first byte
};

namespace {

ConnectionState& stateOf(struct soap* conn) {
  return static_cast<AdminConnection*>(conn->user)->state;
}

int serveForm(struct soap* conn);

// gSOAP reads a request in blocks and builds its answer in the same buffer: soap_begin_send
// empties it. Bytes of a pipelined next request read along with this one were lost that way, and
// the client waited for answers that never came. Once a request has been read whole, what is left
// in the buffer is set aside, and put back before the next request is parsed.
void setReadAheadAside(struct soap* conn) {
  auto* session = static_cast<AdminConnection*>(conn->user);
  if (conn->bufidx < conn->buflen) {
    session->read_ahead.assign(conn->buf + conn->bufidx, conn->buf + conn->buflen);
    session->request_began = std::chrono::steady_clock::now();
    conn->bufidx = conn->buflen;
  }
}

int setReadAheadAsideAfterBody(struct soap* conn) {
  setReadAheadAside(conn);
  return SOAP_OK;
}

void putReadAheadBack(struct soap* conn, AdminConnection& session) {
  if (session.read_ahead.empty()) return;
  // Never more than gSOAP's buffer held: it was read into it.
  std::memcpy(conn->buf, session.read_ahead.data(), session.read_ahead.size());
  conn->bufidx = 0;
  conn->buflen = session.read_ahead.size();
  session.read_ahead.clear();
}

// What has arrived of the next request on a TLS connection.
enum class TlsRequest {
  kWhole,    // gSOAP can parse it now
  kPartial,  // nothing, or part of it: park the connection until the client sends more
  kEnded,    // the client ended the stream or broke the session before finishing it, or it did
             // not arrive whole within the deadline from its first byte: close the connection
};

// Enough for any head gSOAP accepts and most admin requests' bodies, and what the plain-HTTP
// poller waits for at most (gsoap_listener.cpp); a bigger request goes to gSOAP with this much,
// and it reads the rest under the whole-request deadline.
constexpr std::size_t kTlsGatherCap = 32 * 1024;

// The listener can peek at a plain-HTTP request on the socket and hand the connection to a
// worker only once it is whole; under TLS it sees only records. So the worker reads what has
// been decrypted so far into read_ahead, without waiting, and hands the connection back until
// the request is whole: a client trickling its request holds no worker between its bytes.
TlsRequest gatherTlsRequest(AdminConnection& session, std::size_t cap,
                            std::chrono::steady_clock::duration deadline) {
  const auto now = std::chrono::steady_clock::now();
  std::string& waiting = session.read_ahead;
  for (;;) {
    const std::size_t need = wholeRequestBytes(waiting, cap);
    if ((need != 0 && waiting.size() >= need) || waiting.size() >= cap) return TlsRequest::kWhole;
    if (!waiting.empty() && now - session.request_began >= deadline) return TlsRequest::kEnded;
    char chunk[4096];
    const std::optional<std::size_t> got =
        session.tls->readReady(chunk, std::min(sizeof chunk, cap - waiting.size()));
    if (!got) return TlsRequest::kEnded;
    if (*got == 0) return TlsRequest::kPartial;
    if (waiting.empty()) session.request_began = now;
    waiting.append(chunk, *got);
  }
}

// gSOAP does not keep the Host header of a request (the WSDL page needs it for its address), nor
// the raw Authorization and Cookie headers. A form POST is handed to serveForm instead of the
// SOAP parser (gSOAP's SOAP_FORM protocol, as its httpform plugin uses it).
int captureHeaders(struct soap* conn, const char* key, const char* value) {
  ConnectionState& state = stateOf(conn);
  if (key && value) {
    if (strcasecmp(key, "Host") == 0) state.host = value;
    if (strcasecmp(key, "Authorization") == 0) state.authorization = value;
    if (strcasecmp(key, "Cookie") == 0) state.cookie = value;
  }
  const int result = state.parse_header(conn, key, value);
  if (result == SOAP_OK && key && value && strcasecmp(key, "Content-Type") == 0 &&
      strncasecmp(value, "application/x-www-form-urlencoded", 33) == 0) {
    conn->fform = serveForm;
    return conn->error = SOAP_FORM;
  }
  return result;
}

// Admin faults that mean "who are you" or "not you" carry 401 / 403 instead of gSOAP's 500.
int respondWithAdminStatus(struct soap* conn, int status, ULONG64 count) {
  // Only a fault being sent (status is then a gSOAP error code): conn->fault may still hold an
  // earlier request's fault on a kept-alive connection.
  const bool fault = status != SOAP_OK && status < SOAP_STOP;
  if (const int http = fault ? adminFaultHttpStatus(conn) : 0; http != 0) {
    conn->http_content =
        conn->version == 2 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
    status = SOAP_FILE + http;
  }
  return stateOf(conn).respond(conn, status, count);
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

// The verified client certificate's subject under TLS with client certificates, else "".
std::string certificateSubject(const ConnectionState& state) {
  if (state.tls != nullptr) {
    if (auto certificate = state.tls->peerCertificate()) return certificate->subject;
  }
  return "";
}

// The token of "Authorization: Bearer <token>" (scheme case-insensitive), else "".
std::string bearerToken(const std::string& authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      strncasecmp(authorization.c_str(), kScheme.data(), kScheme.size()) != 0) {
    return "";
  }
  std::string token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.erase(0, 1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\r')) token.pop_back();
  return token;
}

WebRequest webRequestOf(struct soap* conn, const ConnectionState& state) {
  WebRequest request;
  request.target = conn->path;
  request.cookie = state.cookie;
  request.bearer = bearerToken(state.authorization);
  request.cert_subject = certificateSubject(state);
  request.tls = state.tls != nullptr;
  request.peer = conn->host;
  return request;
}

// Answered whoever asks: probes and scrapers carry no user, and the login page must be reachable
// before logging in.
bool isPublicPath(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/login";
}

HttpReply storeUnavailable(const std::exception& e) {
  HttpReply reply;
  reply.status = 503;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = std::string(e.what()) + "\n";
  return reply;
}

// sendHttpReply with extra header lines (Set-Cookie, Location), which gSOAP writes once.
int sendWebReply(struct soap* conn, const HttpReply& reply, const std::string& headers) {
  conn->http_extra_header = headers.empty() ? nullptr : headers.c_str();
  const int result = sendHttpReply(conn, reply);
  conn->http_extra_header = nullptr;
  return result;
}

int serveGet(struct soap* conn) {
  setReadAheadAside(conn);  // a GET has no body: the rest is the next request's
  ConnectionState& state = stateOf(conn);
  if (!isAllowedHost(state.host, *state.allowed_hosts)) {
    sendHttpReply(conn, misdirected(state.host));
    conn->keep_alive = 0;
    return SOAP_STOP;
  }
  const WebRequest request = webRequestOf(conn, state);
  if (isPublicPath(conn->path)) {
    const std::string_view target = conn->path;
    if (target.substr(0, target.find('?')) != "/login") {
      return sendHttpReply(conn, state.web->handle(conn->path, state.host));
    }
    HttpReply login;
    login.content_type = "text/html; charset=utf-8";
    login.body = loginPage("");
    return sendHttpReply(conn, login);
  }
  WebAccess access;
  try {
    access = state.actions->access(request);
  } catch (const std::exception& e) {
    return sendHttpReply(conn, storeUnavailable(e));
  }
  if (!access.caller.open && !access.caller.user) {
    return sendHttpReply(conn, loginRequiredReply());
  }
  HttpReply reply = state.web->handle(conn->path, state.host);
  if (reply.status == 200 && isRegistryPage(conn->path)) {
    try {
      const std::string reader =
          access.caller.user ? access.caller.user->name : request.cert_subject;
      state.service->recordRead(
          {registryReadAction(conn->path), reader, conn->host, "GET " + std::string(conn->path)});
    } catch (const std::exception& e) {
      reply = storeUnavailable(e);
    }
  }
  try {
    state.actions->decorate(request, access, reply);
  } catch (const std::exception& e) {
    reply = storeUnavailable(e);
  }
  std::string headers = access.new_cookie;
  if (reply.status == 200 && reply.content_type.rfind("text/csv", 0) == 0) {
    // A download, saved under a name saying what it is rather than "?format=csv".
    headers += (headers.empty() ? "" : "\r\n") + inventoryCsvAttachmentHeader(jstDateToday());
  }
  return sendWebReply(conn, reply, headers);
}

// A form POST: the body is read here (gSOAP has parsed only the headers) and the web side
// answers. Returning SOAP_OK makes gSOAP end the request with SOAP_STOP, like a GET.
int serveForm(struct soap* conn) {
  ConnectionState& state = stateOf(conn);
  if (!isAllowedHost(state.host, *state.allowed_hosts)) {
    sendHttpReply(conn, misdirected(state.host));
    conn->keep_alive = 0;
    return SOAP_OK;
  }
  WebRequest request = webRequestOf(conn, state);
  size_t length = 0;
  const char* body = soap_http_get_body(conn, &length);
  if (body == nullptr) return conn->error ? conn->error : SOAP_EOF;
  setReadAheadAside(conn);
  request.body.assign(body, length);
  WebReply reply;
  try {
    reply = state.actions->post(request);
  } catch (const std::exception& e) {
    reply.http = storeUnavailable(e);
  }
  return sendWebReply(conn, reply.http, reply.headers);
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

// gSOAP closes a connection itself once an answer is sent with keep-alive off (the client asked
// for "Connection: close", or the keep-alive count ran out) and when a read ends: the session's
// close_notify goes out first, while the descriptor is still this connection's. Sent after the
// close, it would go to whatever socket the process had opened on the same number meanwhile (a
// unit's, a caller's, a new admin client's in the middle of its handshake).
int tlsCloseThenSocket(struct soap* conn) {
  AdminConnection* session = static_cast<AdminConnection*>(conn->user);
  if (soap_valid_socket(conn->socket)) session->endTls();
  return session->original_close(conn);
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
  listener.request_deadline_s = options.request_deadline_s;
  // gSOAP reads plain HTTP straight from the socket, so the poller can see a request arrive;
  // under TLS it cannot, and a worker takes the handshake and the request as far as the bytes
  // that arrived allow, then parks the connection again (AdminServer::serveConnection).
  listener.wait_for_whole_request = !options.tls;
  listener.max_body_bytes = options.max_body_bytes;
  listener.soap_mode = SOAP_C_UTFSTRING;  // Japanese names and purposes arrive as UTF-8
  return listener;
}

// Who sent this SOAP request and whether their role allows its operation, read from the body's
// first element before the generated dispatcher consumes it. On refusal conn->error is set with
// the fault to send.
AdminCaller authorizeSoap(struct soap* conn, const ConnectionState& state) {
  AdminCaller caller;
  try {
    caller =
        state.authenticator->identify(bearerToken(state.authorization), certificateSubject(state));
  } catch (const std::exception& e) {
    std::cerr << "renkei: admin service: " << e.what() << std::endl;
    setAdminFault(conn, AdminErrorCode::kInternal,
                  "the store cannot be read to check who you are; the broker's log has details");
    return caller;
  }
  if (caller.open) return caller;
  if (!caller.user) {
    setAdminFault(conn, AdminErrorCode::kUnauthenticated,
                  "admin users exist on this broker: send \"Authorization: Bearer <token>\" "
                  "(from `renkei users add` or `renkei users token`) or a client certificate "
                  "mapped to a user");
    return caller;
  }
  if (soap_peek_element(conn) != SOAP_OK) {
    conn->error = SOAP_OK;  // an empty or broken body: the dispatcher answers it
    return caller;
  }
  const char* colon = std::strchr(conn->tag, ':');
  const std::string element = colon != nullptr ? colon + 1 : conn->tag;
  const AdminRole needed = roleForSoapOperation(element);
  if (!caller.may(needed)) {
    std::string operation = element;
    if (operation.size() > 7 && operation.ends_with("Request"))
      operation.resize(operation.size() - 7);
    setAdminFault(conn, AdminErrorCode::kNotPermitted,
                  notPermittedReason(caller, operation, needed));
  }
  return caller;
}

}  // namespace

AdminServer::AdminServer(AdminServerOptions options, Store& store, LinkRegistry& registry)
    : options_(std::move(options)),
      service_(store, registry, options_.today),
      web_(service_, options_.web),
      authenticator_(store),
      sessions_(store),
      actions_(service_, authenticator_, sessions_),
      listener_(listenerOptions(options_), *this) {}

void AdminServer::start() {
  if (authenticator_.open()) {
    std::cerr << "renkei: warning: the store has no admin users, so the admin listener on "
              << options_.host << " lets anyone who reaches it read and change the registry; "
              << "create the first one with `renkei users add NAME --role administrator`"
              << std::endl;
  }
  listener_.start();
}

// The listener's threads call back into this object: stop them before it is gone.
AdminServer::~AdminServer() { listener_.stop(); }

AdminConnection* AdminServer::openSession(struct soap* conn) {
  auto session = std::make_unique<AdminConnection>();
  ConnectionState& state = session->state;
  state.web = &web_;
  state.service = &service_;
  state.actions = &actions_;
  state.authenticator = &authenticator_;
  state.allowed_hosts = &options_.allowed_hosts;
  if (options_.tls) {
    // BlockingTls waits with poll() and its own deadlines, which needs a non-blocking socket
    // whatever gSOAP chose for it.
    fcntl(conn->socket, F_SETFL, fcntl(conn->socket, F_GETFL) | O_NONBLOCK);
    session->tls =
        std::make_unique<BlockingTls>(*options_.tls, conn->socket, options_.idle_timeout_s * 1000);
    session->handshaking = true;
    session->handshake_deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.handshake_timeout_ms);
  }
  state.parse_header = conn->fparsehdr;
  conn->fparsehdr = captureHeaders;
  state.respond = conn->fresponse;
  conn->fresponse = respondWithAdminStatus;
  conn->fget = serveGet;
  conn->fpreparefinalrecv = setReadAheadAsideAfterBody;
  conn->fignore = refuseUndeclaredRegistryElement;
  conn->keep_alive = conn->max_keep_alive + 1;
  conn->user = session.get();
  return session.release();
}

std::optional<AfterServing> AdminServer::continueHandshake(struct soap* conn,
                                                           AdminConnection& session) {
  switch (session.tls->continueHandshake(session.handshake_deadline)) {
    case BlockingTls::Handshake::kWaitingForPeer:
      return AfterServing::kPark;  // the listener wakes a worker again when the client sends
    case BlockingTls::Handshake::kFailed:
      session.handshaking = false;  // said here; forgetConnection need not say it again
      std::cerr << "renkei: admin listener: " << session.tls->failure() << std::endl;
      return AfterServing::kClose;
    case BlockingTls::Handshake::kDone:
      break;
  }
  // Established: gSOAP's reads and writes go through the session from now on.
  session.handshaking = false;
  session.state.tls = session.tls.get();
  session.original_receive = conn->frecv;
  session.original_send = conn->fsend;
  conn->frecv = tlsReceive;
  conn->fsend = tlsSend;
  session.original_close = conn->fclose;
  conn->fclose = tlsCloseThenSocket;
  return std::nullopt;
}

std::string_view AdminServer::readAhead(struct soap* conn) const {
  const auto* session = static_cast<const AdminConnection*>(conn->user);
  return session == nullptr ? std::string_view() : std::string_view(session->read_ahead);
}

bool AdminServer::midRequest(struct soap* conn) const {
  const auto* session = static_cast<const AdminConnection*>(conn->user);
  return session != nullptr && (session->handshaking || !session->read_ahead.empty());
}

void AdminServer::forgetConnection(struct soap* conn) {
  std::unique_ptr<AdminConnection> session(static_cast<AdminConnection*>(conn->user));
  if (!session) return;
  conn->user = nullptr;
  conn->fparsehdr = session->state.parse_header;
  conn->fresponse = session->state.respond;
  if (session->handshaking) {
    // Closed by the listener at the request deadline (or its idle cap, or stop) while the
    // client had not finished its handshake.
    std::cerr << "renkei: admin listener: connection closed before the client completed its TLS "
                 "handshake (deadline "
              << options_.handshake_timeout_ms << " ms)" << std::endl;
  }
  // Only on a descriptor that is still this connection's: gSOAP may have closed it already
  // (tlsCloseThenSocket ended the session then). Nothing to send before the handshake ended.
  if (session->tls && soap_valid_socket(conn->socket)) session->endTls();
  if (session->original_receive != nullptr) {
    // The listener closes the socket after this; gSOAP's own I/O again until then.
    conn->frecv = session->original_receive;
    conn->fsend = session->original_send;
    conn->fclose = session->original_close;
  }
}

AfterServing AdminServer::serveConnection(struct soap* conn, const GsoapListener& listener) {
  AdminConnection* session = static_cast<AdminConnection*>(conn->user);
  if (session == nullptr) session = openSession(conn);
  if (session->handshaking) {
    if (const std::optional<AfterServing> park_or_close = continueHandshake(conn, *session)) {
      return *park_or_close;
    }
  }
  ConnectionState& state = session->state;
  AdminSoapEndpoint endpoint(conn, service_);
  // The generated serve() loop, with a stop check and per-request cleanup: one request per
  // iteration, a GET answered by serveGet ends its iteration with SOAP_STOP. When the next
  // request has not arrived yet the connection goes back to the listener, so an idle browser
  // socket holds no worker.
  while (listener.running()) {
    if (session->tls) {
      // Under TLS gSOAP gets the next request once it is whole (in read_ahead).
      const TlsRequest next = gatherTlsRequest(*session, std::min(kTlsGatherCap, sizeof conn->buf),
                                               std::chrono::seconds(options_.request_deadline_s));
      if (next == TlsRequest::kEnded) break;
      if (next == TlsRequest::kPartial) return AfterServing::kPark;
    } else if (!session->read_ahead.empty() &&
               !wholeRequestWaiting(session->read_ahead, conn->socket)) {
      // Over plain HTTP the next request read ahead goes back to gSOAP only once it is whole
      // (with what is on the socket): otherwise the listener waits for the rest.
      return AfterServing::kPark;
    }
    putReadAheadBack(conn, *session);
    if (!requestWaiting(conn)) return AfterServing::kPark;
    // gSOAP's transfer_timeout does not reach I/O through the TLS hooks: the session keeps the
    // same whole-request deadline for a body larger than what was gathered, and the answer.
    if (session->tls) session->tls->setDeadlineIn(options_.request_deadline_s * 1000);
    if (conn->keep_alive > 0 && conn->max_keep_alive > 0) conn->keep_alive--;
    state.host.clear();
    state.authorization.clear();
    state.cookie.clear();
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
    const AdminCaller caller = authorizeSoap(conn, state);
    if (conn->error) {
      soap_send_fault(conn);  // 401 or 403 (respondWithAdminStatus), or the store's failure
      break;
    }
    endpoint.setCaller(&caller);
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
  return AfterServing::kClose;
}

}  // namespace renkei::admin

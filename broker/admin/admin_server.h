#pragma once
// The admin listener: its own socket (loopback by default, see BrokerConfig::admin_host) and a
// small GsoapListener (one poller thread holding idle connections, two workers serving requests
// that have arrived), apart from the unit-facing listener so a flood of unit traffic never locks
// governance out and the admin port can stay off the network. POST: the SOAP admin service of
// wsdl/registry.wsdl (gSOAP-generated dispatcher). GET: the web view and the WSDL (AdminWebView).
// With <admin><tls> it speaks TLS and can require client certificates (the same TlsContext as
// the unit-facing listener; gSOAP's own OpenSSL build is not used, see admin_server.cpp). Every
// request's Host header must be one of allowed_hosts (host_check.h).
//
// People and roles (admin_caller.h): once the store has an admin user, every request but
// /healthz, /readyz, /metrics and /login must authenticate — "Authorization: Bearer <token>", a
// web session (web_actions.h, kept in the store) or a client certificate mapped to a user — and its
// role must allow the operation: 401 / 403 with Client.Unauthenticated / Client.NotPermitted
// otherwise. While the store has no user at all the listener is open as before (bootstrap; start()
// warns). A form POST (application/x-www-form-urlencoded) goes to the web side: /login, /logout,
// /links/<id>/<action>.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/admin/admin_caller.h"
#include "broker/admin/admin_web_view.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/admin/web_actions.h"
#include "broker/admin/web_session.h"
#include "broker/registry/link_registry.h"
#include "broker/store/store.h"
#include "broker/tls/tls_context.h"
#include "broker/transport/gsoap_listener.h"

struct soap;

namespace renkei::admin {

struct AdminServerOptions {
  std::string host = "127.0.0.1";
  int port = 8081;  // 0 = ephemeral; see AdminServer::port()
  int worker_threads = 2;
  int queue_capacity = 32;
  int idle_timeout_s = 30;
  int request_deadline_s = 10;  // a whole request (headers and body), and sending its answer
  std::size_t max_body_bytes = 1024 * 1024;
  WebViewOptions web;
  std::function<std::string()> today;  // UTC date for ListAllowedServices; empty = real today
  // Set: TLS on every connection; the handshake must finish within handshake_timeout_ms.
  std::shared_ptr<const TlsContext> tls;
  int handshake_timeout_ms = 10000;
  // Host header names answered (host_check.h); the defaults suit a loopback listener.
  std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "::1"};
};

struct AdminConnection;  // what a connection keeps between requests (admin_server.cpp)

class AdminServer : private ConnectionServer {
 public:
  // `store` and `registry` are the running broker's: changes reload `registry` at once.
  AdminServer(AdminServerOptions options, Store& store, LinkRegistry& registry);
  ~AdminServer() override;
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and starts the threads. Throws std::runtime_error if it cannot bind.
  // Logs one warning line when the store has no admin users (the listener is then open).
  void start();
  // Stops accepting, lets workers finish the request in hand, joins all threads. Idempotent.
  void stop() { listener_.stop(); }
  int port() const { return listener_.port(); }

 private:
  // A new connection's session: the gSOAP hooks, and under TLS a session whose handshake has
  // yet to run.
  AdminConnection* openSession(struct soap* conn);
  // Takes the TLS handshake as far as the client's bytes allow: nullopt once established (the
  // request can be served), else kPark while it waits for the client or kClose when it failed
  // (logged). A stalled client used to hold one of the two workers until the deadline.
  std::optional<AfterServing> continueHandshake(struct soap* conn, AdminConnection& session);
  AfterServing serveConnection(struct soap* conn, const GsoapListener& listener) override;
  void forgetConnection(struct soap* conn) override;
  std::string_view readAhead(struct soap* conn) const override;
  bool midRequest(struct soap* conn) const override;

  AdminServerOptions options_;
  RegistryAdminService service_;
  AdminWebView web_;
  AdminAuthenticator authenticator_;
  WebSessions sessions_;
  WebActions actions_;
  GsoapListener listener_;
};

}  // namespace renkei::admin

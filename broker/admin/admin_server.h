#pragma once
// The admin listener: its own socket (loopback by default, see BrokerConfig::admin_host), one
// acceptor thread and a small fixed pool of workers, apart from the unit-facing listener so a
// flood of unit traffic never locks governance out and the admin port can stay off the network.
// POST: the SOAP admin service of wsdl/registry.wsdl (gSOAP-generated dispatcher).
// GET: the web view and the WSDL (AdminWebView).
// There is no authentication yet: bind it to loopback or a management network only.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/admin/admin_web_view.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/registry/link_registry.h"
#include "broker/store/store.h"

struct soap;

namespace renkei::admin {

struct AdminServerOptions {
  std::string host = "127.0.0.1";
  int port = 8081;  // 0 = ephemeral; see AdminServer::port()
  int worker_threads = 2;
  int queue_capacity = 32;
  int idle_timeout_s = 30;
  std::size_t max_body_bytes = 1024 * 1024;
  WebViewOptions web;
  std::function<std::string()> today;  // UTC date for ListAllowedServices; empty = real today
};

class AdminServer {
 public:
  // `store` and `registry` are the running broker's: changes reload `registry` at once.
  AdminServer(AdminServerOptions options, Store& store, LinkRegistry& registry);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and starts the threads. Throws std::runtime_error if it cannot bind.
  void start();
  // Stops accepting, lets workers finish the request in hand, joins all threads. Idempotent.
  void stop();
  int port() const { return bound_port_; }

 private:
  void acceptLoop();
  void workerLoop();
  void serveConnection(struct soap* conn);

  AdminServerOptions options_;
  RegistryAdminService service_;
  AdminWebView web_;
  struct soap* listener_ = nullptr;
  int bound_port_ = 0;
  std::atomic<bool> running_{false};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<struct soap*> queue_;  // accepted, waiting for a worker
  std::set<struct soap*> serving_;  // held by a worker right now
};

}  // namespace renkei::admin

#pragma once
// The admin listener (broker/admin) attached to a RunningBroker: the broker's own LinkRegistry,
// so a change made through the admin API governs the very next message, and the broker's SQLite
// file through a second connection, as another process would share it.
//
// Until BrokerRuntime starts the admin listener itself (config <admin>), the tests host it here;
// once it does, adminUrl() can come from the runtime's admin port instead.
#include <memory>
#include <string>

#include "broker/admin/admin_server.h"
#include "broker/store/sqlite_store.h"
#include "soapRegistryAdminSoap11BindingProxy.h"
#include "tests/integration/support/running_broker.h"

namespace renkei::testing {

class AdminListener {
 public:
  explicit AdminListener(RunningBroker& broker) : store_(broker.dbPath()) {
    store_.migrate();
    admin::AdminServerOptions options;
    options.port = 0;
    options.web.wsdl_dir = std::string(RENKEI_SOURCE_DIR) + "/wsdl";
    options.web.xsd_dir = std::string(RENKEI_SOURCE_DIR) + "/xsd";
    // registry() is const for the pipeline's sake; the admin listener is the one writer.
    auto& registry = const_cast<LinkRegistry&>(broker.runtime().registry());
    server_ = std::make_unique<admin::AdminServer>(options, store_, registry);
    server_->start();
  }
  ~AdminListener() { server_->stop(); }

  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  int port() const { return server_->port(); }

 private:
  SqliteStore store_;
  std::unique_ptr<admin::AdminServer> server_;
};

// The generated gSOAP proxy, UTF-8 strings (Japanese purpose names) and pointed at the listener.
class AdminClient {
 public:
  explicit AdminClient(const std::string& url)
      : url_(url), proxy_(url_.c_str(), SOAP_C_UTFSTRING) {}
  RegistryAdminSoap11BindingProxy& proxy() { return proxy_; }
  struct soap* soap() {
    return proxy_.soap;
  }

  // The platform fault detail of the last call, or null.
  const flt__FaultDetail* faultDetail() {
    const SOAP_ENV__Fault* fault = proxy_.soap->fault;
    if (!fault || !fault->detail) return nullptr;
    return fault->detail->flt__FaultDetail_;
  }
  std::string faultCode() {
    const flt__FaultDetail* detail = faultDetail();
    return detail ? detail->Code : std::string();
  }
  std::string faultReason() {
    const flt__FaultDetail* detail = faultDetail();
    return detail ? detail->Reason : std::string();
  }

 private:
  std::string url_;
  RegistryAdminSoap11BindingProxy proxy_;
};

}  // namespace renkei::testing

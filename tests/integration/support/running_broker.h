#pragma once
// A real broker (gSOAP engine, SQLite store, real schemas) on an ephemeral loopback port, built
// from config/renkei.example.xml with the unit endpoints, timeouts and store path replaced.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "broker/config/config_loader.h"
#include "broker/server/broker_runtime.h"
#include "broker/store/sqlite_store.h"
#include "tests/integration/support/audit_records.h"
#include "tests/integration/support/soap_client.h"

namespace renkei::testing {

struct BrokerSetup {
  // unit id -> endpoint URL; units not named keep an endpoint nobody listens on.
  std::map<std::string, std::string> endpoints;
  long timeout_ms = 3000;
  long max_message_bytes = 4 * 1024 * 1024;
  // Non-empty: the broker uses this PostgreSQL database instead of its own SQLite file, so
  // several RunningBrokers can share one store (tests/support/postgres_test_server.h).
  std::string postgres_conninfo = {};
  int registry_poll_ms = 100;
  int audit_timeout_ms = 3000;
  // The unit-facing listener (<listen>): defaults as in the example configuration.
  int workers = 64;
  int queue = 256;
  int request_timeout_ms = 10000;
  int max_connections_per_peer = 2000;
  int max_queue_wait_ms = 2000;
  // Inserted after <store>: e.g. <audit checkpointKey="..."/>.
  std::string audit_element = {};
  // Text replacements applied last, in order (TLS elements, unit connection policies).
  std::vector<std::pair<std::string, std::string>> config_edits = {};
};

inline void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// The example configuration with the setup's endpoints, limits and store, its store file (SQLite)
// under `dir`. Shared by the in-process RunningBroker and the BrokerProcess.
inline std::string brokerConfigText(const BrokerSetup& setup, const std::string& dir) {
  std::string config = readTextFile(std::string(RENKEI_SOURCE_DIR) + "/config/renkei.example.xml");
  const std::map<std::string, std::string> example_ports = {{"062022/juki", "18081"},
                                                            {"062022/kokuho", "18082"},
                                                            {"062022/juminzei", "18083"},
                                                            {"062014/kokuho", "18084"},
                                                            {"062022/juki-batch", "18085"}};
  for (const auto& [unit, port] : example_ports) {
    auto it = setup.endpoints.find(unit);
    // An unnamed unit points at the discard port: nothing listens there on loopback.
    const std::string endpoint = it != setup.endpoints.end() ? it->second : "http://127.0.0.1:9/";
    replaceAll(config, "endpoint=\"http://127.0.0.1:" + port + "/\"",
               "endpoint=\"" + endpoint + "\"");
  }
  replaceAll(config, "port=\"8080\"", "port=\"0\"");
  replaceAll(config, "workers=\"64\" queue=\"256\"",
             "workers=\"" + std::to_string(setup.workers) + "\" queue=\"" +
                 std::to_string(setup.queue) + "\" maxQueueWaitMs=\"" +
                 std::to_string(setup.max_queue_wait_ms) + "\"");
  replaceAll(config, "requestTimeoutMs=\"10000\"",
             "requestTimeoutMs=\"" + std::to_string(setup.request_timeout_ms) + "\"");
  replaceAll(config, "maxConnectionsPerPeer=\"2000\"",
             "maxConnectionsPerPeer=\"" + std::to_string(setup.max_connections_per_peer) + "\"");
  // The admin listener, when the runtime starts one, must not collide across parallel tests.
  replaceAll(config, "port=\"8081\"", "port=\"0\"");
  // The space keeps <listen requestTimeoutMs="10000"> out of it.
  replaceAll(config, " timeoutMs=\"10000\"",
             " timeoutMs=\"" + std::to_string(setup.timeout_ms) + "\"");
  replaceAll(config, "maxMessageBytes=\"4194304\"",
             "maxMessageBytes=\"" + std::to_string(setup.max_message_bytes) + "\"");
  replaceAll(config, "path=\"../var/renkei.db\"", "path=\"" + dir + "/renkei.db\"");
  if (!setup.postgres_conninfo.empty()) {
    replaceAll(config, "kind=\"sqlite\" path=\"" + dir + "/renkei.db\"",
               "kind=\"postgresql\" conninfo=\"" + setup.postgres_conninfo +
                   "\" registryPollMs=\"" + std::to_string(setup.registry_poll_ms) +
                   "\" auditTimeoutMs=\"" + std::to_string(setup.audit_timeout_ms) + "\"");
  }
  if (!setup.audit_element.empty()) {
    replaceAll(config, "  <admin ", "  " + setup.audit_element + "\n  <admin ");
  }
  const std::string src = RENKEI_SOURCE_DIR;
  replaceAll(config, "xsdDir=\"../xsd\"", "xsdDir=\"" + src + "/xsd\"");
  replaceAll(config, "wsdlDir=\"../wsdl\"", "wsdlDir=\"" + src + "/wsdl\"");
  for (const auto& [from, to] : setup.config_edits) replaceAll(config, from, to);
  return config;
}

class RunningBroker {
 public:
  explicit RunningBroker(const BrokerSetup& setup) {
    char tmpl[] = "/tmp/renkei-it-XXXXXX";
    dir_ = mkdtemp(tmpl);
    const std::string config = brokerConfigText(setup, dir_);
    config_path_ = dir_ + "/renkei.xml";
    std::ofstream(config_path_) << config;
    runtime_ = std::make_unique<BrokerRuntime>(loadBrokerConfig(config_path_));
    runtime_->start();
  }
  ~RunningBroker() {
    runtime_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string url(const std::string& path = "/services/IdoJohoShokai") const {
    return "http://127.0.0.1:" + std::to_string(runtime_->port()) + path;
  }
  const std::string& configPath() const { return config_path_; }
  std::string dbPath() const { return dir_ + "/renkei.db"; }

  // The audit trail as another process would read it: a separate connection to the file.
  std::vector<AuditRecord> audit() const {
    SqliteStore store(dbPath());
    std::vector<AuditRecord> records;
    store.forEachAudit([&](const AuditRecord& r) {
      records.push_back(r);
      return true;
    });
    return records;
  }
  // The records of exchanges only: without the registry's own records (seeding the example
  // configuration's links writes one per link, admin changes and reads one each), so a test
  // about traffic reads the N-th exchange as exchanges()[N] whatever the configuration seeds.
  std::vector<AuditRecord> exchanges() const { return exchangesIn(audit()); }
  void stop() { runtime_->stop(); }
  // A new broker process's worth of state on the same directory, configuration and database
  // (a restart); it listens on a new port.
  void restart() {
    runtime_.reset();
    runtime_ = std::make_unique<BrokerRuntime>(loadBrokerConfig(config_path_));
    runtime_->start();
  }
  // The running broker itself: the admin tests attach their listener to its registry.
  BrokerRuntime& runtime() { return *runtime_; }

 private:
  std::string dir_;
  std::string config_path_;
  std::unique_ptr<BrokerRuntime> runtime_;
};

}  // namespace renkei::testing

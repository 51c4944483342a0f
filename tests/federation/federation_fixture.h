#pragma once
// What the federation tests share: brokers with CURVE keys on free loopback ports, their
// <federation> directories, their audit trails, and waits on their logs.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "adapters/peer/curve_keys.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/store/sqlite_store.h"
#include "tests/integration/support/broker_process.h"
#include "tests/support/deadline_scale.h"
#include "tests/support/reserved_port.h"

namespace renkei::testing::federation {

// Endpoint marker for BrokerSetup: the unit is hosted by a peer (the edit removes it).
inline constexpr const char* kRemote = "REMOTE";

struct Broker {
  std::string name;
  int port = 0;
  peer::CurveKeyPair keys;
  std::string endpoint() const { return "tcp://127.0.0.1:" + std::to_string(port); }
};

struct PeerEntry {
  const Broker* broker;
  std::vector<std::string> units;
};

// `self`'s <federation> (its key in `keys_dir`/NAME.key) with `peers` and `extra` (child
// elements after the peers), inserted before <services>; units marked kRemote lose their
// endpoint.
inline BrokerSetup federatedSetup(const Broker& self, const std::string& keys_dir,
                                  std::map<std::string, std::string> endpoints,
                                  const std::vector<PeerEntry>& peers,
                                  const std::string& extra = "") {
  std::string federation = "<federation self=\"" + self.name + "\" listen=\"" + self.endpoint() +
                           "\" curveSecretKeyFile=\"" + keys_dir + "/" + self.name +
                           ".key\" heartbeatMs=\"500\">\n";
  for (const PeerEntry& p : peers) {
    federation += "    <peer name=\"" + p.broker->name + "\" endpoint=\"" + p.broker->endpoint() +
                  "\" curvePublicKey=\"" + xmlEscape(p.broker->keys.public_key) + "\">";
    for (const std::string& unit : p.units) federation += "<hosts unit=\"" + unit + "\"/>";
    federation += "</peer>\n";
  }
  federation += extra + "  </federation>\n  <services>";
  BrokerSetup setup;
  setup.endpoints = std::move(endpoints);
  setup.timeout_ms = 5000;
  setup.config_edits = {{"  <services>", federation},
                        {std::string(" endpoint=\"") + kRemote + "\"", ""}};
  return setup;
}

inline std::size_t countOf(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Until `broker` logged `needle` `times` times, at most `limit`.
inline bool waitForLog(const BrokerProcess& broker, const std::string& needle,
                       std::size_t times = 1,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + scaledDeadline(limit);
  while (std::chrono::steady_clock::now() < until) {
    if (countOf(broker.stderrText(), needle) >= times) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

inline std::vector<AuditRecord> auditOf(const BrokerProcess& broker) {
  SqliteStore store(broker.dbPath());
  std::vector<AuditRecord> records;
  store.forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  return records;
}

inline const AuditRecord* recordFor(const std::vector<AuditRecord>& records,
                                    const std::string& id) {
  for (const AuditRecord& r : records) {
    if (r.message_id == id) return &r;
  }
  return nullptr;
}

}  // namespace renkei::testing::federation

// renkei-mynumber-gateway: the My Number gateway process (docs/mynumber.md). A unit of the
// broker (062022/mynumber-gw) served with the example units' gSOAP serving loop and platform
// header handling, plus its own store (符号 map, 副本, records), the purpose rules from the
// broker's store, and a client of the network side. On the same port it answers the network's
// 情報提供 requests (NetJohoTeikyo) from the 副本.
#include <iostream>

#include "JohoShokaiSoap11Binding.nsmap"
#include "adapters/mynumber/gateway.h"
#include "adapters/mynumber/gateway_options.h"
#include "adapters/mynumber/gateway_rules.h"
#include "adapters/mynumber/gateway_store_factory.h"
#include "adapters/mynumber/network_listener.h"
#include "adapters/mynumber/record_keeper.h"
#include "broker/config/config_loader.h"
#include "broker/core/line_atomic_log.h"
#include "broker/core/my_number.h"
#include "broker/tls/client_tls_check.h"
#include "unit_server.h"

using namespace renkei::mynumber;

int main(int argc, char** argv) {
  // The purger, the checkpointer and the connection threads all log: whole lines only.
  renkei::useLineAtomicStandardError();
  bool help = false;
  const auto options = parseGatewayOptions(argc, argv, help);
  if (!options) return help ? 0 : 2;
  std::unique_ptr<GatewayRules> rules;
  std::unique_ptr<RecordKeeper> keeper;
  auto parts = std::make_unique<Gateway>();
  const NetworkTlsFiles tls{options->network_cert, options->network_key, options->network_ca};
  try {
    // A missing, unreadable or mismatched file stops the start, naming it.
    if (tls.enabled()) renkei::checkClientTlsFiles({tls.ca, tls.cert, tls.key}, "network TLS");
    rules = GatewayRules::fromBrokerConfig(options->config);
    parts->store = openGatewayStore(options->db);
    parts->fukuhon = openFukuhonStore(options->db);
    const renkei::BrokerConfig broker = renkei::loadBrokerConfig(options->config);
    RecordKeeping keeping;
    keeping.checkpoint_key = broker.checkpoint_key;
    keeping.checkpoints.every_records = broker.checkpoint_every_records;
    keeping.checkpoints.every = std::chrono::seconds(broker.checkpoint_every_seconds);
    keeping.checkpoints.instance_id = options->unit_id;
    keeping.checkpoints.tsa_url = broker.tsa_url;
    keeping.checkpoints.tsa_timeout = std::chrono::milliseconds(broker.tsa_timeout_ms);
    keeping.retention_years = broker.mynumber_record_retention_years;
    keeping.purge_every = std::chrono::seconds(options->purge_every_s);
    keeper = std::make_unique<RecordKeeper>(*parts->store, keeping, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "renkei-mynumber-gateway: " << renkei::maskMyNumbers(e.what()) << "\n";
    return 2;
  }
  if (!tls.enabled()) {
    std::cerr << "renkei-mynumber-gateway: WARNING: --network-plain-http: the path to the "
                 "network side is NEITHER authenticated NOR encrypted; 情報提供 (NetJohoTeikyo) is "
                 "answered to ANY caller of port "
              << options->port << ". Use --network-cert/--network-key/--network-ca outside "
              << "a closed test set-up." << std::endl;
  }
  parts->kikan_code = options->kikan_code;
  parts->network = {options->network_url, options->network_timeout_ms, tls};
  parts->network_peer = tls.enabled() ? options->network_peer : "";
  const NetworkEndpoint network = parts->network;
  parts->inquiries = std::make_unique<InquiryService>(
      *parts->store, rules->check(),
      [network](const InquiryRequest& request, const std::string& fugo,
                const std::string& shokai_no) {
        return askNetwork(network, request, fugo, shokai_no);
      });
  parts->provisions = std::make_unique<ProvisionService>(*parts->store, *parts->fukuhon,
                                                         rules->check(), parts->kikan_code);
  std::cerr << "renkei-mynumber-gateway: " << options->unit_id << " for institution "
            << options->kikan_code << "; purpose rules " << rules->describe() << "; network "
            << options->network_url
            << (tls.enabled() ? " (mutual TLS, peer " + options->network_peer + ")"
                              : " (plain HTTP)")
            << "; 副本 and records in " << options->db
            << (keeper->signing() ? ", records signed with <audit checkpointKey>"
                                  : ", records NOT signed (no <audit checkpointKey>)")
            << std::endl;
  keeper->start();
  useGateway(std::move(parts));
  // Only now: a request on it finds the gateway's parts in place.
  if (tls.enabled()) {
    try {
      startNetworkListener(options->host, options->network_listen_port, tls,
                           {options->network_max_connections, options->network_max_per_peer,
                            options->network_request_timeout_ms});
    } catch (const std::exception& e) {
      std::cerr << "renkei-mynumber-gateway: " << e.what() << "\n";
      return 2;
    }
  }

  renkei::examples::UnitOptions unit;
  unit.host = options->host;
  unit.port = options->port;
  unit.unit_id = options->unit_id;
  return renkei::examples::runUnitServer(unit);
}

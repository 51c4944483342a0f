#pragma once
// The gateway's command line (renkei-mynumber-gateway --help).
#include <optional>
#include <string>

namespace renkei::mynumber {

struct GatewayOptions {
  std::string host = "127.0.0.1";
  int port = 9401;                             // 0: the kernel picks one
  std::string unit_id = "062022/mynumber-gw";  // requests for another Receiver are refused
  std::string kikan_code = "062022";           // this institution, the 情報照会者
  std::string db;                              // the gateway's own store (required)
  std::string network_url = "http://127.0.0.1:9301/network";
  int network_timeout_ms = 3000;
  std::string config;  // the broker's configuration: its store holds the purpose rules
  // The network side, mutually authenticated (docs/mynumber.md): this gateway's certificate and
  // key, the CA the network's certificate chains to, the name it must carry (default: the
  // --network URL's host), and the port where the network calls 情報提供 over TLS.
  std::string network_cert;
  std::string network_key;
  std::string network_ca;
  std::string network_peer;
  int network_listen_port = -1;
  // What that listener allows (network_listener.h): connections at once, per address, and the
  // deadline for each (handshake, request and answer).
  int network_max_connections = 64;
  int network_max_per_peer = 32;
  int network_request_timeout_ms = 10000;
  bool network_plain_http = false;  // chosen explicitly, never by default
  int purge_every_s = 3600;         // how often records past retention are purged
};

// Parses argv; prints usage and returns nullopt on --help (help = true) or a bad argument.
std::optional<GatewayOptions> parseGatewayOptions(int argc, char** argv, bool& help);

}  // namespace renkei::mynumber

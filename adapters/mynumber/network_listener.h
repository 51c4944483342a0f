#pragma once
// The gateway's listener for the network side (docs/mynumber.md, "Network-side
// authentication"): mutual TLS, serving 情報提供 (NetJohoTeikyo) and nothing else, apart from
// the unit port the broker calls. A connection whose certificate does not chain to the network
// CA fails its handshake (logged; no request was read, so there is nothing to record).
#include <string>

#include "adapters/mynumber/network_tls.h"

struct soap;

namespace renkei::mynumber {

// What the listener allows the network side (gateway options --network-max-connections,
// --network-max-per-peer, --network-request-timeout-ms).
struct NetworkListenerLimits {
  int max_connections = 64;  // served at once; past it new ones wait in the backlog
  int max_per_peer = 32;     // of those, from one address; past it closed at once
  // A whole connection: TLS handshake, request and answer. Past it the socket is shut down.
  int request_timeout_ms = 10000;
};

// Binds host:port (0 picks one), says so on stderr and serves on a thread of its own. Throws
// std::runtime_error when it cannot bind or the TLS files fail.
void startNetworkListener(const std::string& host, int port, const NetworkTlsFiles& files,
                          const NetworkListenerLimits& limits);

// Whether the request being served came through that listener.
bool fromNetworkListener(const struct soap* soap);

}  // namespace renkei::mynumber

#include "adapters/mynumber/gateway_options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace renkei::mynumber {
namespace {

const char kUsage[] =
    "usage: renkei-mynumber-gateway --db FILE|URL --config RENKEI_XML [options]\n"
    "\n"
    "The My Number gateway (062022/mynumber-gw): business units call its services through the\n"
    "broker (JohoShokai 情報照会, FugoShutoku 符号取得, TeikyoKirokuShokai 情報提供等記録照会,\n"
    "FukuhonToroku 副本登録); it checks each 照会 against the purpose rules in the broker's "
    "store,\n"
    "names the person towards the network side by this institution's 符号 only, answers the\n"
    "network's 情報提供 requests (NetJohoTeikyo) from the 副本, and keeps a chained\n"
    "情報提供等記録 of every 照会 and 提供, refused ones included (docs/mynumber.md).\n"
    "\n"
    "  --db FILE|URL           the gateway's own store (符号 map, 副本, 情報提供等記録): a "
    "SQLite\n"
    "                          file, created if absent, or a postgresql:// URL (its own schema\n"
    "                          mynumber_gateway there, created if absent)\n"
    "  --config FILE           the broker's configuration; the purpose rules are read from its\n"
    "                          store (renkei mynumber rules load), again every 30 s\n"
    "                          (and <audit checkpointKey>, which signs the 情報提供等記録, and\n"
    "                          <mynumber recordRetentionYears>, how long they are kept)\n"
    "  --network URL           the network side (https://...; http:// only with\n"
    "                          --network-plain-http)\n"
    "  --network-cert FILE     this gateway's certificate towards the network (PEM)\n"
    "  --network-key FILE      its private key (PEM, unencrypted)\n"
    "  --network-ca FILE       the CA the network's certificate must chain to\n"
    "  --network-peer NAME     the name the network's certificate must carry (default: the\n"
    "                          --network URL's host)\n"
    "  --network-listen-port N where the network calls 情報提供 (NetJohoTeikyo) over TLS with\n"
    "                          its client certificate (required with --network-cert)\n"
    "  --network-max-connections N  connections that listener serves at once (default 64);\n"
    "                          more wait in the kernel's backlog until one ends\n"
    "  --network-max-per-peer N  of those, from one address (default 32); more are closed at\n"
    "                          once, so one host cannot take every connection\n"
    "  --network-request-timeout-ms N  each connection's TLS handshake, request and answer\n"
    "                          together (default 10000); past it the connection is cut\n"
    "  --network-plain-http    no TLS towards the network: 情報提供 served on the unit port to\n"
    "                          any caller. For a closed test set-up only\n"
    "  --purge-every-s N       how often records past retention are purged (default 3600)\n"
    "  --network-timeout-ms N  how long a provider may take before 応答なし (default 3000)\n"
    "  --kikan CODE            this institution's code, the 情報照会者 (default 062022)\n"
    "  --unit-id ID            the gateway's unit id in the registry (default 062022/mynumber-gw)\n"
    "  --host H --port N       where to listen (default 127.0.0.1:9401; port 0 picks one)\n";

bool isDigits(const char* text, std::size_t length) {
  if (std::strlen(text) != length) return false;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<GatewayOptions> parseGatewayOptions(int argc, char** argv, bool& help) {
  GatewayOptions o;
  const auto fail = [](const std::string& why) -> std::optional<GatewayOptions> {
    std::fprintf(stderr, "renkei-mynumber-gateway: %s\n\n%s", why.c_str(), kUsage);
    return std::nullopt;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--network-plain-http") {
      o.network_plain_http = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      help = true;
      return std::nullopt;
    }
    if (i + 1 >= argc) return fail("option " + arg + " needs a value");
    const char* v = argv[++i];
    if (arg == "--db") {
      o.db = v;
    } else if (arg == "--config") {
      o.config = v;
    } else if (arg == "--network") {
      o.network_url = v;
    } else if (arg == "--network-timeout-ms") {
      o.network_timeout_ms = std::atoi(v);
      if (o.network_timeout_ms <= 0) return fail("--network-timeout-ms must be a positive number");
    } else if (arg == "--purge-every-s") {
      o.purge_every_s = std::atoi(v);
      if (o.purge_every_s <= 0) return fail("--purge-every-s must be a positive number");
    } else if (arg == "--kikan") {
      if (!isDigits(v, 6))
        return fail("--kikan must be a 6-digit institution code, not '" + std::string(v) + "'");
      o.kikan_code = v;
    } else if (arg == "--network-cert") {
      o.network_cert = v;
    } else if (arg == "--network-key") {
      o.network_key = v;
    } else if (arg == "--network-ca") {
      o.network_ca = v;
    } else if (arg == "--network-peer") {
      o.network_peer = v;
    } else if (arg == "--network-listen-port") {
      o.network_listen_port = std::atoi(v);
      if (o.network_listen_port < 0 || o.network_listen_port > 65535)
        return fail("--network-listen-port must be 0-65535");
    } else if (arg == "--network-max-connections") {
      o.network_max_connections = std::atoi(v);
      if (o.network_max_connections <= 0)
        return fail("--network-max-connections must be a positive number");
    } else if (arg == "--network-max-per-peer") {
      o.network_max_per_peer = std::atoi(v);
      if (o.network_max_per_peer <= 0)
        return fail("--network-max-per-peer must be a positive number");
    } else if (arg == "--network-request-timeout-ms") {
      o.network_request_timeout_ms = std::atoi(v);
      if (o.network_request_timeout_ms <= 0)
        return fail("--network-request-timeout-ms must be a positive number");
    } else if (arg == "--unit-id") {
      o.unit_id = v;
    } else if (arg == "--host") {
      o.host = v;
    } else if (arg == "--port") {
      o.port = std::atoi(v);
      if (o.port < 0 || o.port > 65535) return fail("--port must be 0-65535");
    } else {
      return fail("unknown option " + arg);
    }
  }
  if (o.db.empty()) return fail("--db FILE|URL is required (the gateway's own store)");
  if (o.config.empty())
    return fail("--config FILE is required (the purpose rules are in the broker's store)");
  const bool https = o.network_url.rfind("https://", 0) == 0;
  const bool any_tls = !o.network_cert.empty() || !o.network_key.empty() || !o.network_ca.empty() ||
                       o.network_listen_port >= 0;
  if (o.network_plain_http) {
    if (any_tls || https)
      return fail("--network-plain-http excludes the network TLS options and an https URL");
    return o;
  }
  if (o.network_cert.empty() || o.network_key.empty() || o.network_ca.empty())
    return fail(
        "the network side needs --network-cert, --network-key and --network-ca (mutual TLS), "
        "or --network-plain-http to choose plain HTTP explicitly");
  if (!https) return fail("--network must be an https:// URL with the network TLS options");
  if (o.network_listen_port < 0)
    return fail("--network-listen-port N is required: where the network calls 情報提供 over TLS");
  if (o.network_peer.empty()) {
    const std::string rest = o.network_url.substr(8);
    o.network_peer = rest.substr(0, rest.find_first_of(":/"));
  }
  return o;
}

}  // namespace renkei::mynumber

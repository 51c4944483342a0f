#include "adapters/mynumber/gateway_options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace renkei::mynumber {
namespace {

const char kUsage[] =
    "usage: renkei-mynumber-gateway --db FILE --config RENKEI_XML [options]\n"
    "\n"
    "The My Number gateway (062022/mynumber-gw): business units call its services through the\n"
    "broker (JohoShokai 情報照会, FugoShutoku 符号取得, TeikyoKirokuShokai 情報提供等記録照会,\n"
    "FukuhonToroku 副本登録); it checks each 照会 against the purpose rules in the broker's "
    "store,\n"
    "names the person towards the network side by this institution's 符号 only, answers the\n"
    "network's 情報提供 requests (NetJohoTeikyo) from the 副本, and keeps a chained\n"
    "情報提供等記録 of every 照会 and 提供, refused ones included (docs/mynumber.md).\n"
    "\n"
    "  --db FILE               the gateway's own store (符号 map, 副本, 情報提供等記録); "
    "created\n"
    "                          if absent\n"
    "  --config FILE           the broker's configuration; the purpose rules are read from its\n"
    "                          store (renkei mynumber rules load), again every 30 s\n"
    "                          (and <audit checkpointKey>, which signs the 情報提供等記録, and\n"
    "                          <mynumber recordRetentionYears>, how long they are kept)\n"
    "  --purge-every-s N       how often records past retention are purged (default 3600)\n"
    "  --network URL           the network side (default http://127.0.0.1:9301/network)\n"
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
  if (o.db.empty()) return fail("--db FILE is required (the gateway's own store)");
  if (o.config.empty())
    return fail("--config FILE is required (the purpose rules are in the broker's store)");
  return o;
}

}  // namespace renkei::mynumber

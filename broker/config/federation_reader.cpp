#include "broker/config/federation_reader.h"

#include <map>
#include <set>

#include "adapters/peer/curve_keys.h"
#include "broker/config/broker_config.h"
#include "broker/config/config_attr.h"
#include "broker/config/registry_snapshot_reader.h"
#include "broker/core/secret_file.h"
#include "broker/core/tenant_code.h"
#include "broker/xml/dom_util.h"

namespace renkei {
namespace {

using config::attr;
using config::attrNumber;
using XERCES_CPP_NAMESPACE::DOMElement;

constexpr const char* kConfigNs = "urn:renkei:config:v1";

[[noreturn]] void failAt(const ConfigSource& source, const std::string& attribute,
                         const std::string& value, const std::string& element,
                         const std::string& what) {
  throw ConfigError(config::fileLine(source.file, source.text, attribute, value) + element +
                    ": attribute " + attribute + ": " + what);
}

// The secret key file holds the Z85 secret key (and perhaps a newline); the public key is
// derived from it, so the two can never disagree.
void readSecretKey(const DOMElement* f, const ConfigSource& source, FederationConfig& out) {
  const std::string raw = attr(f, "curveSecretKeyFile");
  out.curve_secret_key_file = config::resolvePath(source.dir, raw);
  std::string key;
  try {
    key = readOwnerOnlyFile(out.curve_secret_key_file, "CURVE secret key");
  } catch (const KeyFileError& e) {
    failAt(source, "curveSecretKeyFile", raw, "element <federation>", e.what());
  }
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) {
    key.pop_back();
  }
  auto public_key = peer::curvePublicOf(key);
  if (!public_key) {
    failAt(source, "curveSecretKeyFile", raw, "element <federation>",
           out.curve_secret_key_file +
               " does not hold a Z85 CURVE secret key (40 characters; make one with `renkei "
               "federation keygen --out PREFIX`)");
  }
  out.curve_secret_key = key;
  out.curve_public_key = *public_key;
}

FederationPeer readPeer(const DOMElement* p, const ConfigSource& source,
                        std::map<std::string, std::string>& hosted_by) {
  FederationPeer peer;
  peer.name = attr(p, "name");
  peer.endpoint = attr(p, "endpoint");
  peer.curve_public_key = attr(p, "curvePublicKey");
  const std::string where = "element <peer name=\"" + peer.name + "\">";
  if (!peer::isCurveKeyZ85(peer.curve_public_key)) {
    failAt(source, "curvePublicKey", peer.curve_public_key, where, "not a Z85 CURVE key");
  }
  for (const DOMElement* h : xml::childElements(p)) {
    const std::string tenant = attr(h, "tenant");
    const std::string unit = attr(h, "unit");
    if (tenant.empty() == unit.empty()) {
      throw ConfigError(source.file + ": " + where +
                        ": each <hosts> names exactly one of tenant or unit");
    }
    const std::string attribute = tenant.empty() ? "unit" : "tenant";
    const std::string value = tenant.empty() ? unit : tenant;
    if (!tenant.empty() && !isValidTenantCode(tenant)) {
      failAt(source, "tenant", tenant, where + " <hosts>",
             "tenant code " + tenant + " has a wrong check digit (全国地方公共団体コード)");
    }
    auto [it, fresh] = hosted_by.emplace(attribute + " " + value, peer.name);
    if (!fresh) {
      failAt(source, attribute, value, where + " <hosts>",
             attribute + " " + value + " is already hosted by peer " + it->second);
    }
    (tenant.empty() ? peer.units : peer.tenants).push_back(value);
  }
  return peer;
}

}  // namespace

FederationConfig readFederation(const DOMElement* f, const ConfigSource& source) {
  FederationConfig out;
  if (f == nullptr) return out;
  out.enabled = true;
  out.self = attr(f, "self");
  out.listen = attr(f, "listen");
  out.max_in_flight_per_peer = attrNumber(f, "maxInFlightPerPeer", out.max_in_flight_per_peer);
  out.workers = attrNumber(f, "workers", out.workers);
  out.breaker_failures = attrNumber(f, "breakerFailures", out.breaker_failures);
  out.breaker_open_ms = attrNumber(f, "breakerOpenMs", out.breaker_open_ms);
  out.heartbeat_ms = attrNumber(f, "heartbeatMs", out.heartbeat_ms);
  readSecretKey(f, source, out);
  std::map<std::string, std::string> hosted_by;
  for (const DOMElement* p : xml::childElements(f)) {
    if (!xml::isElement(p, kConfigNs, "peer")) continue;
    FederationPeer peer = readPeer(p, source, hosted_by);
    if (peer.name == out.self) {
      failAt(source, "name", peer.name, "element <peer>",
             "a peer cannot have this broker's own name (federation/@self)");
    }
    if (peer.curve_public_key == out.curve_public_key) {
      failAt(source, "curvePublicKey", peer.curve_public_key,
             "element <peer name=\"" + peer.name + "\">",
             "this is this broker's own public key: each broker needs its own key pair");
    }
    out.peers.push_back(std::move(peer));
  }
  out.registry_snapshot = readRegistrySnapshot(f, source, out);
  return out;
}

void fitUnitsToFederation(const FederationConfig& federation, const std::vector<Unit>& units,
                          std::vector<UnitIdentity>& identities, const ConfigSource& source) {
  std::set<std::string> declared;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& unit = units[i];
    declared.insert(unit.id);
    const std::string where = "element <unit id=\"" + unit.id + "\">";
    const FederationPeer* host = federation.hostOf(unit.id);
    if (host == nullptr) {
      if (unit.endpoint.empty()) {
        failAt(source, "id", unit.id, where,
               "the unit has no endpoint: give it one, or name the federation peer that hosts "
               "it (<federation><peer><hosts unit=\"" +
                   unit.id + "\"/>)");
      }
      continue;
    }
    if (!unit.endpoint.empty()) {
      failAt(source, "endpoint", unit.endpoint, where,
             "the unit is hosted by federation peer " + host->name +
                 ", which forwards to it: remove the endpoint here");
    }
    UnitIdentity& identity = identities[i];
    if (!identity.cert_sha256.empty() || !identity.cert_subject.empty() ||
        identity.policy != ConnectionPolicy::kPlain) {
      failAt(source, "id", unit.id, where,
             "the unit is hosted by federation peer " + host->name +
                 ": it authenticates there, so it takes no connection or certificate here");
    }
    identity.policy = ConnectionPolicy::kPeer;
    identity.peer = host->name;
  }
  for (const FederationPeer& peer : federation.peers) {
    for (const std::string& unit : peer.units) {
      if (!declared.count(unit)) {
        failAt(source, "unit", unit, "element <peer name=\"" + peer.name + "\"> <hosts>",
               "unit " + unit +
                   " is not declared under <units> (declare it there, without an "
                   "endpoint, so links can name it)");
      }
    }
  }
}

}  // namespace renkei

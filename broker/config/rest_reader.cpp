#include "broker/config/rest_reader.h"

#include <fstream>
#include <set>
#include <sstream>

#include "adapters/rest/jwt_verifier.h"
#include "broker/config/broker_config.h"
#include "broker/config/config_attr.h"
#include "broker/core/secret_file.h"
#include "broker/xml/dom_util.h"

namespace renkei {
namespace {

using config::attr;
using XERCES_CPP_NAMESPACE::DOMElement;

[[noreturn]] void failAt(const ConfigSource& source, const std::string& attribute,
                         const std::string& value, const std::string& element,
                         const std::string& what) {
  throw ConfigError(config::fileLine(source.file, source.text, attribute, value) + element +
                    ": attribute " + attribute + ": " + what);
}

std::string trimmedEnd(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

RestClientConfig readClient(const DOMElement* c, const std::vector<Unit>& units,
                            const ConfigSource& source) {
  RestClientConfig client;
  client.unit = attr(c, "unit");
  client.issuer = attr(c, "issuer", client.unit);
  client.algorithm = attr(c, "algorithm");
  const std::string where = "element <rest><client unit=\"" + client.unit + "\">";
  bool declared = false;
  for (const Unit& unit : units) declared = declared || unit.id == client.unit;
  if (!declared) failAt(source, "unit", client.unit, where, "no such unit under <units>");
  rest::JwtAlgorithm algorithm{};
  rest::parseJwtAlgorithm(client.algorithm, &algorithm);  // the schema allows only the three
  const std::string secret_file = attr(c, "secretFile");
  const std::string key_file = attr(c, "publicKeyFile");
  if (algorithm == rest::JwtAlgorithm::kHs256) {
    if (secret_file.empty() || !key_file.empty()) {
      failAt(source, "algorithm", client.algorithm, where,
             "HS256 (client_secret_jwt) takes secretFile and no publicKeyFile");
    }
    try {
      client.secret = trimmedEnd(
          readOwnerOnlyFile(config::resolvePath(source.dir, secret_file), "JWT client secret"));
    } catch (const KeyFileError& e) {
      failAt(source, "secretFile", secret_file, where, e.what());
    }
    if (client.secret.size() < 32) {
      failAt(source, "secretFile", secret_file, where,
             "an HS256 secret must be at least 32 bytes (RFC 7518 §3.2)");
    }
    return client;
  }
  if (key_file.empty() || !secret_file.empty()) {
    failAt(source, "algorithm", client.algorithm, where,
           client.algorithm + " (private_key_jwt) takes publicKeyFile and no secretFile");
  }
  const std::string path = config::resolvePath(source.dir, key_file);
  std::ifstream in(path, std::ios::binary);
  if (!in) failAt(source, "publicKeyFile", key_file, where, path + ": cannot be read");
  std::ostringstream pem;
  pem << in.rdbuf();
  client.public_key_pem = pem.str();
  try {
    rest::loadPublicKeyPem(client.public_key_pem, algorithm);
  } catch (const std::runtime_error& e) {
    failAt(source, "publicKeyFile", key_file, where, path + ": " + e.what());
  }
  return client;
}

RestTargetConfig readTarget(const DOMElement* t, const std::vector<Unit>& units,
                            const ConfigSource& source) {
  RestTargetConfig target;
  target.unit = attr(t, "unit");
  target.issuer = attr(t, "issuer");
  target.audience = attr(t, "audience");
  const std::string where = "element <rest><target unit=\"" + target.unit + "\">";
  for (const Unit& unit : units) {
    if (unit.id == target.unit) target.endpoint = unit.endpoint;
  }
  if (target.endpoint.empty()) {
    failAt(source, "unit", target.unit, where, "no unit of this broker with an endpoint");
  }
  target.algorithm = attr(t, "algorithm", "HS256");
  rest::JwtAlgorithm algorithm{};
  rest::parseJwtAlgorithm(target.algorithm, &algorithm);  // the schema allows only the three
  const std::string secret_file = attr(t, "secretFile");
  const std::string key_file = attr(t, "privateKeyFile");
  if (algorithm != rest::JwtAlgorithm::kHs256) {
    if (key_file.empty() || !secret_file.empty()) {
      failAt(source, "algorithm", target.algorithm, where,
             target.algorithm + " takes privateKeyFile (the broker's key) and no secretFile");
    }
    try {
      target.private_key_pem =
          readOwnerOnlyFile(config::resolvePath(source.dir, key_file), "JWT signing key");
      rest::loadPrivateKeyPem(target.private_key_pem, algorithm);
    } catch (const KeyFileError& e) {
      failAt(source, "privateKeyFile", key_file, where, e.what());
    } catch (const std::runtime_error& e) {
      failAt(source, "privateKeyFile", key_file, where, e.what());
    }
    return target;
  }
  if (secret_file.empty() || !key_file.empty()) {
    failAt(source, "algorithm", target.algorithm, where,
           "HS256 takes secretFile (shared with the unit) and no privateKeyFile");
  }
  try {
    target.secret =
        trimmedEnd(readOwnerOnlyFile(config::resolvePath(source.dir, secret_file), "JWT secret"));
  } catch (const KeyFileError& e) {
    failAt(source, "secretFile", secret_file, where, e.what());
  }
  if (target.secret.size() < 32) {
    failAt(source, "secretFile", secret_file, where,
           "an HS256 secret must be at least 32 bytes (RFC 7518 §3.2)");
  }
  return target;
}

}  // namespace

RestConfig readRest(const DOMElement* rest, const std::vector<Unit>& units,
                    const ConfigSource& source) {
  RestConfig out;
  if (rest == nullptr) return out;
  out.enabled = true;
  out.audience = attr(rest, "audience");
  out.max_clock_skew_s = static_cast<int>(config::attrNumber(rest, "maxClockSkewSeconds", 60));
  out.max_lifetime_s = static_cast<int>(config::attrNumber(rest, "maxLifetimeSeconds", 3600));
  std::set<std::string> issuers;
  for (const DOMElement* c : xml::childElements(rest)) {
    if (xml::localName(c) == "target") {
      out.targets.push_back(readTarget(c, units, source));
      continue;
    }
    RestClientConfig client = readClient(c, units, source);
    if (!issuers.insert(client.issuer).second) {
      failAt(source, "issuer", client.issuer, "element <rest><client>",
             "issuer " + client.issuer + " is registered twice");
    }
    out.clients.push_back(std::move(client));
  }
  return out;
}

}  // namespace renkei

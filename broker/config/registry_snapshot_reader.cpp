#include "broker/config/registry_snapshot_reader.h"

#include "broker/audit/checkpoint_key.h"
#include "broker/config/broker_config.h"
#include "broker/config/config_attr.h"
#include "broker/xml/dom_util.h"

namespace renkei {
namespace {

using config::attr;
using config::attrNumber;
using XERCES_CPP_NAMESPACE::DOMElement;

constexpr const char* kConfigNs = "urn:renkei:config:v1";
constexpr const char* kWhere = "element <registrySnapshot>";

[[noreturn]] void failAt(const ConfigSource& source, const std::string& attribute,
                         const std::string& value, const std::string& what) {
  throw ConfigError(config::fileLine(source.file, source.text, attribute, value) + kWhere +
                    ": attribute " + attribute + ": " + what);
}

std::string required(const DOMElement* e, const ConfigSource& source, const char* attribute,
                     const std::string& role) {
  std::string value = attr(e, attribute);
  if (value.empty()) {
    throw ConfigError(source.file + ": " + kWhere + ": role=\"" + role + "\" needs the attribute " +
                      attribute);
  }
  return value;
}

void refuse(const DOMElement* e, const ConfigSource& source, const char* attribute,
            const std::string& role) {
  const std::string value = attr(e, attribute);
  if (!value.empty()) {
    failAt(source, attribute, value, "not used with role=\"" + role + "\"");
  }
}

}  // namespace

RegistrySnapshotConfig readRegistrySnapshot(const DOMElement* federation,
                                            const ConfigSource& source,
                                            const FederationConfig& directory) {
  RegistrySnapshotConfig out;
  const DOMElement* e = xml::findChild(federation, kConfigNs, "registrySnapshot");
  if (e == nullptr) return out;
  const std::string role = attr(e, "role");
  const std::string file = attr(e, "file");
  out.file = config::resolvePath(source.dir, file);
  if (role == "primary") {
    out.role = RegistrySnapshotConfig::Role::kPrimary;
    refuse(e, source, "primary", role);
    refuse(e, source, "primaryPublicKey", role);
    const std::string key = required(e, source, "signingKey", role);
    out.signing_key_file = config::resolvePath(source.dir, key);
    out.validity_seconds = attrNumber(e, "validitySeconds", out.validity_seconds);
    out.publish_every_seconds = attrNumber(e, "publishEverySeconds", out.publish_every_seconds);
    try {
      CheckpointSigner::fromFile(out.signing_key_file);  // owner-only, Ed25519: now, not later
    } catch (const KeyFileError& err) {
      failAt(source, "signingKey", key, err.what());
    }
    if (2 * out.publish_every_seconds >= out.validity_seconds) {
      failAt(source, "publishEverySeconds", attr(e, "publishEverySeconds"),
             "must be less than half of validitySeconds, or followers see the snapshot expire "
             "between two renewals");
    }
    return out;
  }
  out.role = RegistrySnapshotConfig::Role::kFollower;
  refuse(e, source, "signingKey", role);
  out.primary = required(e, source, "primary", role);
  const std::string key = required(e, source, "primaryPublicKey", role);
  out.primary_public_key_file = config::resolvePath(source.dir, key);
  out.fetch_every_seconds = attrNumber(e, "fetchEverySeconds", out.fetch_every_seconds);
  if (directory.peerNamed(out.primary) == nullptr) {
    failAt(source, "primary", out.primary,
           "no <peer name=\"" + out.primary +
               "\"> in this directory: the primary is fetched over its peer link");
  }
  try {
    CheckpointVerifier::fromFile(out.primary_public_key_file);
  } catch (const KeyFileError& err) {
    failAt(source, "primaryPublicKey", key, err.what());
  }
  return out;
}

}  // namespace renkei

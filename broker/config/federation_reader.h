#pragma once
// Reads <federation> (the federation directory) and fits the <units> to it: a unit hosted by a
// peer has no endpoint and authenticates only through that peer; every other unit needs an
// endpoint. Errors name file, line and attribute (ConfigError).
#include <filesystem>
#include <string>
#include <vector>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/config/federation_config.h"
#include "broker/core/registry_types.h"
#include "broker/registry/unit_identity.h"

namespace renkei {

struct ConfigSource {
  std::string file;           // as given, for messages
  std::filesystem::path dir;  // relative paths resolve against it
  const std::string& text;    // the file's bytes, for line numbers
};

// An absent element gives a disabled FederationConfig. Reads the secret key file (owner-only).
FederationConfig readFederation(const XERCES_CPP_NAMESPACE::DOMElement* federation,
                                const ConfigSource& source);

// Called once the units are read: `identities` is parallel to `units`.
void fitUnitsToFederation(const FederationConfig& federation, const std::vector<Unit>& units,
                          std::vector<UnitIdentity>& identities, const ConfigSource& source);

}  // namespace renkei

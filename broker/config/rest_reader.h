#pragma once
// Reads <rest>: the bridge's audience and its clients, with their key files read and checked
// (an HS256 secret of at least 32 bytes in an owner-only file; an RSA >= 2048 or EC P-256 PEM
// public key). Errors name file, line and attribute (ConfigError).
#include <xercesc/dom/DOMElement.hpp>

#include "broker/config/federation_reader.h"
#include "broker/config/rest_config.h"

namespace renkei {

// An absent element gives a disabled RestConfig. `units` are the declared units.
RestConfig readRest(const XERCES_CPP_NAMESPACE::DOMElement* rest, const std::vector<Unit>& units,
                    const ConfigSource& source);

}  // namespace renkei

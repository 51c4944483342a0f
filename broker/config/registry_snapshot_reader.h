#pragma once
// Reads <federation><registrySnapshot> and checks what the schema cannot: the keys load (the
// private one owner-only), and a follower's primary is a peer in this broker's directory.
#include <xercesc/dom/DOMElement.hpp>

#include "broker/config/federation_config.h"
#include "broker/config/federation_reader.h"

namespace renkei {

// `federation` is the <federation> element; `directory` its peers, read already.
RegistrySnapshotConfig readRegistrySnapshot(const XERCES_CPP_NAMESPACE::DOMElement* federation,
                                            const ConfigSource& source,
                                            const FederationConfig& directory);

}  // namespace renkei

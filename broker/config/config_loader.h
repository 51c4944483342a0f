#pragma once
// Reads a configuration file: validates it against xsd/config.xsd (errors name file, line,
// column and element), then checks what a schema cannot (references between units, services and
// links; tenant check digits; explicit cross-tenant links) and resolves relative paths against
// the file's directory.
#include <string>

#include "broker/config/broker_config.h"
#include "broker/xml/schema_set.h"

namespace renkei {

// The directory holding config.xsd: $RENKEI_XSD_DIR, else the source tree's xsd/.
std::string configSchemaDir();

// xsd/config.xsd compiled once (configuration files and standalone <links> documents);
// throws ConfigError when it cannot be loaded.
const xml::SchemaSet& configSchemaSet();

// Throws ConfigError with an operator-readable message.
BrokerConfig loadBrokerConfig(const std::string& path);

}  // namespace renkei

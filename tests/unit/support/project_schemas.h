#pragma once
// The project's own xsd/ compiled once per test binary, as the broker does at start.
#include <filesystem>

#include "broker/xml/schema_set.h"

namespace renkei::test_support {

inline const xml::SchemaSet& projectSchemas() {
  static const xml::SchemaSet set =
      xml::SchemaSet::loadDirectory(std::filesystem::path(RENKEI_SOURCE_DIR) / "xsd");
  return set;
}

}  // namespace renkei::test_support

#pragma once
// A standalone <links xmlns="urn:renkei:config:v1"> document: the configuration's <links>
// element on its own, for `renkei links export --format xml` and `renkei links import`.
// Validated against xsd/config.xsd with the hardened parser, like the configuration itself.
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

struct LinksDocumentEntry {
  int line = 0;  // line of the <link> start tag
  Link link;
};

// Throws ConfigError "FILE:LINE:COLUMN: ..." when the text is not well-formed, not valid against
// the schema, or its root is not {urn:renkei:config:v1}links.
std::vector<LinksDocumentEntry> readLinksDocument(std::string_view bytes, const std::string& file);

std::string writeLinksDocument(const std::vector<Link>& links);

}  // namespace renkei

#pragma once
// A document the broker writes itself (a fault, a receipt, a header block in its frame) must be
// a valid envelope against the project's own schemas: parsed as the broker parses a request.
#include <gtest/gtest.h>

#include <string>

#include "broker/xml/hardened_parser.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei::test_support {

inline void expectValidEnvelope(const std::string& xml) {
  xml::ParseResult parsed =
      xml::HardenedParser::forThisThread(projectSchemas(), xml::ParserLimits{}).parse(xml);
  ASSERT_TRUE(parsed.ok()) << parsed.fault->reason << "\n" << xml;
  for (const auto& issue : parsed.document->issues()) {
    ADD_FAILURE() << issue.element_path << ": " << issue.message << "\n" << xml;
  }
}

}  // namespace renkei::test_support

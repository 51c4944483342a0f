// Fuzz target for the envelope path: hardened parse, envelope shape, platform header check.
// Built as a libFuzzer binary with clang (-DRENKEI_FUZZ=ON) and, everywhere, as a replay test
// that feeds the seed corpus through the same entry point.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "broker/stages/header_check_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"

namespace {

const renkei::xml::SchemaSet& schemas() {
  static const renkei::xml::SchemaSet set = [] {
    try {
      return renkei::xml::SchemaSet::loadDirectory(std::filesystem::path(RENKEI_SOURCE_DIR) /
                                                   "xsd");
    } catch (const renkei::xml::SchemaLoadError&) {
      return renkei::xml::SchemaSet::empty();  // still fuzz well-formedness and structure
    }
  }();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  renkei::xml::ParserLimits limits;
  auto& parser = renkei::xml::HardenedParser::forThisThread(schemas(), limits);
  renkei::xml::ParseResult parsed = parser.parse(bytes);
  if (!parsed.ok()) return 0;

  auto built = renkei::xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (!built.envelope) return 0;
  for (const auto& issue : built.envelope->issues()) {
    (void)built.envelope->issuesUnder(issue.element_path);
  }

  renkei::Exchange exchange;
  exchange.envelope = std::move(built.envelope);
  renkei::HeaderCheckStage header_check;
  (void)header_check.process(exchange);
  (void)renkei::soapVersionForContentType(bytes.substr(0, 64));
  return 0;
}

#include "broker/xml/parser_pool.h"

namespace renkei::xml {
namespace {

// More than the workers that can be inside a parse at once on any box this runs on; beyond it a
// returned parser is destroyed instead of kept.
constexpr std::size_t kMaxIdlePerSchemaSet = 64;

// Never destroyed: idle parsers would otherwise outlive Xerces' termination at exit.
template <typename Parser>
RecentFirstPool<Parser>& sharedPool() {
  static auto* pool = new RecentFirstPool<Parser>(kMaxIdlePerSchemaSet);
  return *pool;
}

}  // namespace

HardenedParserLease lendHardenedParser(const SchemaSet& schemas, const ParserLimits& limits) {
  HardenedParserLease parser = sharedPool<HardenedParser>().lend(
      schemas.id(), [&] { return std::make_unique<HardenedParser>(schemas, limits); });
  parser->setLimits(limits);
  return parser;
}

EnvelopeScannerLease lendEnvelopeScanner(const SchemaSet& schemas, const ParserLimits& limits) {
  EnvelopeScannerLease scanner = sharedPool<EnvelopeScanner>().lend(
      schemas.id(), [&] { return std::make_unique<EnvelopeScanner>(schemas, limits); });
  scanner->setLimits(limits);
  return scanner;
}

}  // namespace renkei::xml

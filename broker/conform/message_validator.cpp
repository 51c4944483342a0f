#include "broker/conform/message_validator.h"

#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::conform {

MessageReport validateMessage(const std::string& bytes, const xml::SchemaSet& schemas) {
  MessageReport report;
  xml::ParserLimits limits;
  limits.max_bytes = 64 * 1024 * 1024;  // a file on disk, not a request: allow large test data
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(schemas, limits).parse(bytes);
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    report.kind = "not well-formed";
    report.problems.push_back({f.line, f.column, f.element_path, f.reason});
    return report;
  }
  for (const xml::ValidationIssue& i : parsed.document->issues())
    report.problems.push_back({i.line, i.column, i.element_path, i.message});
  const auto* root = parsed.document->root();
  const bool envelope =
      xml::localName(root) == "Envelope" &&
      (xml::namespaceOf(root) == xml::kSoap11Ns || xml::namespaceOf(root) == xml::kSoap12Ns);
  if (!envelope) {
    report.kind = "document " + xml::qualifiedName(root);
    if (!parsed.document->wasDeclared(root))
      report.problems.push_back(
          {0, 0, xml::elementPath(root),
           "element " + xml::qualifiedName(root) + " is declared by no platform schema"});
    return report;
  }
  const bool soap12 = xml::namespaceOf(root) == xml::kSoap12Ns;
  auto env = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (!env.envelope) {
    report.kind = soap12 ? "SOAP 1.2 envelope" : "SOAP 1.1 envelope";
    report.problems.push_back({0, 0, env.fault->element_path, env.fault->reason});
    return report;
  }
  const auto& e = *env.envelope;
  report.kind = std::string(soap12 ? "SOAP 1.2" : "SOAP 1.1") + " envelope, body " +
                xml::qualifiedName(e.bodyRoot());
  if (e.headerBlock() == nullptr && !e.isFault())
    report.problems.push_back(
        {0, 0, "/Envelope/Header", "no hdr:PlatformHeader (urn:renkei:platform:header:v1)"});
  if (!e.wasDeclared(e.bodyRoot()))
    report.problems.push_back({0, 0, e.bodyRootPath(),
                               "body element " + xml::qualifiedName(e.bodyRoot()) +
                                   " is declared by no platform schema"});
  return report;
}

}  // namespace renkei::conform

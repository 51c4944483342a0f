#include "broker/conform/xml_file.h"

#include <fstream>
#include <sstream>

#include "broker/conform/case_loader.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::conform {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConformInputError(path.string() + ": cannot open the file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

namespace {

xml::ParseResult parseFile(const std::filesystem::path& path, const xml::SchemaSet& schemas) {
  const std::string bytes = readFile(path);
  xml::ParserLimits limits;
  limits.max_depth = 32;
  limits.max_attributes = 48;
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(schemas, limits).parse(bytes);
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    throw ConformInputError(path.string() + ":" + std::to_string(f.line) + ":" +
                            std::to_string(f.column) + ": " + f.reason);
  }
  return parsed;
}

}  // namespace

std::unique_ptr<xml::ParsedDocument> parseWellFormed(const std::filesystem::path& path) {
  static const xml::SchemaSet no_grammars = xml::SchemaSet::empty();  // one parser per thread
  return std::move(parseFile(path, no_grammars).document);
}

std::unique_ptr<xml::ParsedDocument> parseValidated(const std::filesystem::path& path,
                                                    const xml::SchemaSet& schemas,
                                                    std::string_view root_ns,
                                                    std::string_view root_local) {
  xml::ParseResult parsed = parseFile(path, schemas);
  const auto* root = parsed.document->root();
  if (!xml::isElement(root, root_ns, root_local)) {
    throw ConformInputError(path.string() + ": the root element must be {" + std::string(root_ns) +
                            "}" + std::string(root_local) + ", found " + xml::qualifiedName(root));
  }
  if (!parsed.document->issues().empty()) {
    const xml::ValidationIssue& issue = parsed.document->issues().front();
    std::string message = path.string() + ":" + std::to_string(issue.line) + ":" +
                          std::to_string(issue.column) + ": " + issue.element_path + ": " +
                          issue.message;
    const size_t more = parsed.document->issues().size() - 1;
    if (more > 0) message += " (and " + std::to_string(more) + " more)";
    throw ConformInputError(message);
  }
  return std::move(parsed.document);
}

std::string attr(const XERCES_CPP_NAMESPACE::DOMElement* element, const char* name,
                 const std::string& fallback) {
  const std::u16string key = xml::fromUtf8(name);
  const XMLCh* value = element->getAttribute(reinterpret_cast<const XMLCh*>(key.c_str()));
  if (value == nullptr || *value == 0) return fallback;
  return xml::toUtf8(value);
}

}  // namespace renkei::conform

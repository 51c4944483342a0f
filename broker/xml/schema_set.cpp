#include "broker/xml/schema_set.h"

#include <algorithm>
#include <atomic>

#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include "broker/xml/entity_resolvers.h"
#include "broker/xml/xerces_lazy_state.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

std::atomic<std::uint64_t> next_schema_set_id{1};

// Keeps the first error; warnings (e.g. unresolvable optional hints) do not fail the load.
class LoadErrors : public xc::ErrorHandler {
 public:
  void warning(const xc::SAXParseException&) override {}
  void error(const xc::SAXParseException& e) override { keep(e); }
  void fatalError(const xc::SAXParseException& e) override { keep(e); }
  void resetErrors() override { failed_ = false; }

  bool failed() const { return failed_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  void keep(const xc::SAXParseException& e) {
    if (failed_) return;
    failed_ = true;
    file_ = toUtf8(e.getSystemId());
    line_ = static_cast<int>(e.getLineNumber());
    column_ = static_cast<int>(e.getColumnNumber());
    message_ = toUtf8(e.getMessage());
  }
  bool failed_ = false;
  std::string file_;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

std::string describe(const std::string& file, int line, int column, const std::string& message) {
  return "schema " + file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         message;
}

}  // namespace

SchemaLoadError::SchemaLoadError(std::string file, int line, int column, std::string message)
    : std::runtime_error(describe(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

SchemaSet SchemaSet::loadDirectory(const std::filesystem::path& dir,
                                   const std::vector<std::string>& exclude) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw SchemaLoadError(dir.string(), 0, 0, "schema directory does not exist");
  }
  std::vector<std::filesystem::path> files;
  // Subdirectories too: a product area keeps its schemas together (xsd/mynumber/).
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const auto& path = entry.path();
    if (!entry.is_regular_file() || path.extension() != ".xsd") continue;
    if (std::find(exclude.begin(), exclude.end(), path.filename().string()) != exclude.end()) {
      continue;
    }
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return loadFiles(files);
}

SchemaSet SchemaSet::loadFiles(const std::vector<std::filesystem::path>& files) {
  ensureXercesInitialized();
  SchemaSet set;
  set.id_ = next_schema_set_id.fetch_add(1);
  set.files_ = files;
  set.pool_ = std::make_shared<xc::XMLGrammarPoolImpl>(xc::XMLPlatformUtils::fgMemoryManager);

  LoadErrors errors;
  LocalSchemaResolver resolver;
  {
    xc::XercesDOMParser loader(nullptr, xc::XMLPlatformUtils::fgMemoryManager, set.pool_.get());
    loader.setDoNamespaces(true);
    loader.setDoSchema(true);
    loader.setValidationSchemaFullChecking(true);
    loader.setHandleMultipleImports(true);
    loader.useCachedGrammarInParse(true);
    loader.setLoadExternalDTD(false);
    loader.setDisableDefaultEntityResolution(true);
    loader.setXMLEntityResolver(&resolver);
    loader.setErrorHandler(&errors);

    for (const auto& file : files) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec)) {
        throw SchemaLoadError(file.string(), 0, 0, "schema file does not exist");
      }
      errors.resetErrors();
      resolver.reset();
      std::u16string path = fromUtf8(std::filesystem::absolute(file).lexically_normal().string());
      xc::Grammar* grammar = nullptr;
      try {
        grammar = loader.loadGrammar(path.c_str(), xc::Grammar::SchemaGrammarType, true);
      } catch (const xc::XMLException& e) {
        throw SchemaLoadError(file.string(), static_cast<int>(e.getSrcLine()), 0,
                              toUtf8(e.getMessage()));
      } catch (const xc::OutOfMemoryException&) {
        throw SchemaLoadError(file.string(), 0, 0, "out of memory while loading the schema");
      }
      if (!resolver.refusal().empty()) {
        throw SchemaLoadError(file.string(), errors.line(), errors.column(), resolver.refusal());
      }
      if (errors.failed()) {
        std::string where = errors.file().empty() ? file.string() : errors.file();
        throw SchemaLoadError(where, errors.line(), errors.column(), errors.message());
      }
      if (grammar == nullptr) {
        throw SchemaLoadError(file.string(), 0, 0, "not an XML Schema document");
      }
    }
  }

  auto grammars = set.pool_->getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    xc::Grammar& grammar = grammars.nextElement();
    if (grammar.getGrammarType() != xc::Grammar::SchemaGrammarType) continue;
    auto& schema = static_cast<xc::SchemaGrammar&>(grammar);
    buildLazyStateBeforeSharing(schema);
    std::string ns = toUtf8(schema.getTargetNamespace());
    set.namespaces_.insert(ns);
    auto decls = schema.getElemEnumerator();
    while (decls.hasMoreElements()) {
      const xc::SchemaElementDecl& decl = decls.nextElement();
      if (decl.getEnclosingScope() != xc::Grammar::TOP_LEVEL_SCOPE) continue;
      set.global_elements_.insert("{" + ns + "}" + toUtf8(decl.getBaseName()));
    }
  }
  set.pool_->lockPool();
  return set;
}

bool SchemaSet::declaresElement(std::string_view ns, std::string_view local) const {
  std::string key;
  key.reserve(ns.size() + local.size() + 2);
  key.append("{").append(ns).append("}").append(local);
  return global_elements_.count(key) > 0;
}

std::vector<std::string> SchemaSet::targetNamespaces() const {
  return {namespaces_.begin(), namespaces_.end()};
}

}  // namespace renkei::xml

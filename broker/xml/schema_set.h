#pragma once
// The platform schemas compiled once into a Xerces grammar pool, then locked so every parser
// thread shares it read-only. Loading is the only step that reads files; parsing never does.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xercesc/framework/XMLGrammarPool.hpp>

namespace renkei::xml {

class SchemaLoadError : public std::runtime_error {
 public:
  SchemaLoadError(std::string file, int line, int column, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

class SchemaSet {
 public:
  // Every *.xsd in `dir` and its subdirectories (sorted by path) except the file names in
  // `exclude`: by default the schemas of files the broker reads (its configuration, the My
  // Number purpose rules), which are not messages, and the My Number types that only exist
  // included into the gateway's and the network's namespaces (xsd/mynumber/).
  static SchemaSet loadDirectory(const std::filesystem::path& dir,
                                 const std::vector<std::string>& exclude = {
                                     "config.xsd", "purpose-rules.xsd", "mynumber-types.xsd"});
  // Exactly these files, in this order; their local imports are followed.
  static SchemaSet loadFiles(const std::vector<std::filesystem::path>& files);
  // No grammars: documents are only checked for well-formedness and structure.
  static SchemaSet empty() { return loadFiles({}); }

  // The locked pool, shared with parsers (they keep it alive through the handle).
  const std::shared_ptr<XERCES_CPP_NAMESPACE::XMLGrammarPool>& pool() const { return pool_; }
  // Unique per load; parsers are cached per thread by this id.
  std::uint64_t id() const { return id_; }
  const std::vector<std::filesystem::path>& files() const { return files_; }
  // Whether a global element {ns}local is declared by a loaded schema.
  bool declaresElement(std::string_view ns, std::string_view local) const;
  std::vector<std::string> targetNamespaces() const;

 private:
  SchemaSet() = default;

  std::shared_ptr<XERCES_CPP_NAMESPACE::XMLGrammarPool> pool_;
  std::uint64_t id_ = 0;
  std::vector<std::filesystem::path> files_;
  std::set<std::string, std::less<>> global_elements_;  // "{ns}local"
  std::set<std::string> namespaces_;
};

}  // namespace renkei::xml

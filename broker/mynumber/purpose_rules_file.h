#pragma once
// A purpose rules file (xsd/mynumber/purpose-rules.xsd), read for `renkei mynumber rules load`.
// Validated against its schema with the hardened parser; then the checks a schema cannot make:
// no row twice, validFrom not after validTo, one name per 事務コード and per 特定個人情報名コード.
// Every error names the file, the line and the field.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "broker/mynumber/purpose_rules.h"

namespace renkei::mynumber {

// "examples/mynumber/purpose-rules.xml:31: rule: attribute validTo: 2024-03-31 is before
// validFrom 2024-04-01"
class PurposeRulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PurposeRulesFile {
  std::string path;
  std::string sha256;  // of the file's bytes, lower-case hex: which file a version came from
  std::vector<PurposeRule> rules;
  std::vector<int> lines;  // the line of each rule's start tag
};

// `xsd_dir`: the platform schema directory (<schemas xsdDir>); the schema is its
// mynumber/purpose-rules.xsd.
PurposeRulesFile readPurposeRulesFile(const std::string& path,
                                      const std::filesystem::path& xsd_dir);
// The same from bytes already read; `path` only names them in errors.
PurposeRulesFile parsePurposeRules(std::string_view bytes, const std::string& path,
                                   const std::filesystem::path& xsd_dir);

}  // namespace renkei::mynumber

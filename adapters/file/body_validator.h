#pragma once
// A record's message body checked against the platform schemas before it is sent, so a value
// the schema refuses (a 氏名カナ with a kanji in it, a 金額 too large) is rejected here, naming
// the record's field, instead of coming back from the broker as one Client.SchemaViolation
// per record. The broker still validates everything it receives.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "adapters/file/layout.h"
#include "adapters/file/record_decoder.h"

namespace renkei::xml {
class SchemaSet;
}

namespace renkei::file {

class BodyValidator {
 public:
  // Loads every platform schema under `xsd_dir` (as the broker does); throws std::runtime_error
  // when they cannot be loaded or the layout's root element is not declared there.
  BodyValidator(const std::filesystem::path& xsd_dir, const Layout& layout);
  ~BodyValidator();

  // The first problem, as a record issue on the field that fills the element; nullopt if valid.
  std::optional<RecordIssue> check(const std::string& body, size_t record_offset) const;

 private:
  const Layout& layout_;
  std::unique_ptr<xml::SchemaSet> schemas_;
};

}  // namespace renkei::file

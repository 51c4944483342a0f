#pragma once
// A fixed-width record layout, read from a layout file (adapters/file/schema/file-layout.xsd):
// the fields of one record and the elements of the platform message they become.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::file {

enum class TextEncoding { kCp932, kEucJp, kUtf8 };
enum class FieldType { kNumeric, kKanji, kKana, kDateWareki, kDateSeireki, kCode, kFiller };
enum class Padding { kSpace, kZenkakuSpace, kZero, kNone };
enum class Separator { kCrlf, kLf, kNone };
enum class DateFormat { kEraYymmdd, kWritten };

struct FieldSpec {
  std::string name;
  std::string label;  // 宛名番号: for people reading the reject file
  size_t offset = 0;
  size_t length = 0;
  FieldType type = FieldType::kKanji;
  TextEncoding encoding = TextEncoding::kCp932;
  Padding padding = Padding::kSpace;
  bool required = true;
  std::vector<std::string> codes;
  DateFormat date_format = DateFormat::kEraYymmdd;
  int line = 0;  // in the layout file
};

struct MappedElement {
  std::vector<std::string> path;  // local names below the root
  std::optional<size_t> field;    // index into Layout::fields
  std::string value;              // the constant, when there is no field
};

struct MessageSpec {
  std::string service;
  std::string version;
  std::string ns;
  std::string root;
  std::string purpose;
  std::string key_field;  // may be empty
  std::string response;   // the topic's acknowledgement element, for receive; may be empty
};

struct Layout {
  std::string path;
  std::string name;
  TextEncoding encoding = TextEncoding::kCp932;
  Separator separator = Separator::kCrlf;
  size_t record_length = 0;
  MessageSpec message;
  std::vector<FieldSpec> fields;  // by offset
  std::vector<MappedElement> mapping;

  const FieldSpec* field(const std::string& name) const;
};

class LayoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string_view encodingName(TextEncoding encoding);
std::string_view typeName(FieldType type);

// The layout schema's directory: RENKEI_FILE_LAYOUT_XSD_DIR, else the source tree's.
std::filesystem::path layoutSchemaDir();

// Throws LayoutError naming the file, the line and the field or attribute at fault.
Layout parseLayout(std::string_view bytes, const std::string& path);
Layout readLayoutFile(const std::string& path);

}  // namespace renkei::file

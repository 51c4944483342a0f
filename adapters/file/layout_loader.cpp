// Reads a layout file: the schema first (Xerces, errors with line and column), then what a
// schema cannot say (fields that overlap or run past the record, a mapping naming a field that
// does not exist), each error naming the file, the line and the field.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include <xercesc/dom/DOM.hpp>

#include "adapters/file/layout.h"
#include "broker/config/config_attr.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/own_file_issue.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/start_tag_lines.h"

namespace renkei::file {
namespace {

constexpr const char* kLayoutNs = "urn:renkei:adapter:file-layout:v1";
using XERCES_CPP_NAMESPACE::DOMElement;

const xml::SchemaSet& layoutSchema() {
  static std::once_flag once;
  static std::unique_ptr<xml::SchemaSet> schema;
  static std::string error;
  std::call_once(once, [] {
    const auto file = layoutSchemaDir() / "file-layout.xsd";
    try {
      schema = std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadFiles({file}));
    } catch (const std::exception& e) {
      error = "cannot load the layout schema " + file.string() + ": " + e.what();
    }
  });
  if (!schema) throw LayoutError(error);
  return *schema;
}

TextEncoding encodingOf(const std::string& text) {
  if (text == "EUC-JP") return TextEncoding::kEucJp;
  if (text == "UTF-8") return TextEncoding::kUtf8;
  return TextEncoding::kCp932;
}

FieldType typeOf(const std::string& text) {
  static const std::map<std::string, FieldType> kTypes = {{"numeric", FieldType::kNumeric},
                                                          {"kanji", FieldType::kKanji},
                                                          {"kana", FieldType::kKana},
                                                          {"date-wareki", FieldType::kDateWareki},
                                                          {"date-seireki", FieldType::kDateSeireki},
                                                          {"code", FieldType::kCode},
                                                          {"filler", FieldType::kFiller}};
  return kTypes.at(text);  // the schema allows no other
}

Padding paddingOf(const std::string& text) {
  if (text == "zenkaku-space") return Padding::kZenkakuSpace;
  if (text == "zero") return Padding::kZero;
  if (text == "none") return Padding::kNone;
  return Padding::kSpace;
}

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, by)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

class LayoutReader {
 public:
  LayoutReader(std::string_view bytes, const std::string& path) : bytes_(bytes), path_(path) {}

  Layout read(const DOMElement* root) {
    using config::attr;
    Layout layout;
    layout.path = path_;
    layout.name = attr(root, "name");
    layout.encoding = encodingOf(attr(root, "encoding"));
    const std::string separator = attr(root, "separator");
    layout.separator = separator == "lf"     ? Separator::kLf
                       : separator == "none" ? Separator::kNone
                                             : Separator::kCrlf;
    const DOMElement* message = xml::findChild(root, kLayoutNs, "message");
    layout.message =
        MessageSpec{attr(message, "service"), attr(message, "version"), attr(message, "ns"),
                    attr(message, "root"),    attr(message, "purpose"), attr(message, "key"),
                    attr(message, "response")};
    const DOMElement* record = xml::findChild(root, kLayoutNs, "record");
    layout.record_length = static_cast<size_t>(std::atol(attr(record, "length").c_str()));
    readFields(record, layout);
    readMapping(xml::findChild(root, kLayoutNs, "mapping"), layout);
    if (!layout.message.key_field.empty() && layout.field(layout.message.key_field) == nullptr) {
      fail(xml::startTagLines(bytes_, "message").front(), "message", "key",
           "names no field of the record: " + layout.message.key_field);
    }
    return layout;
  }

 private:
  void readFields(const DOMElement* record, Layout& layout) {
    using config::attr;
    const std::vector<int> lines = xml::startTagLines(bytes_, "field");
    for (const DOMElement* element : xml::childElements(record)) {
      FieldSpec f;
      f.line = layout.fields.size() < lines.size() ? lines[layout.fields.size()] : 0;
      f.name = attr(element, "name");
      f.label = attr(element, "label");
      f.offset = static_cast<size_t>(std::atol(attr(element, "offset").c_str()));
      f.length = static_cast<size_t>(std::atol(attr(element, "length").c_str()));
      f.type = typeOf(attr(element, "type"));
      const std::string encoding = attr(element, "encoding");
      f.encoding = encoding.empty() ? layout.encoding : encodingOf(encoding);
      f.padding = paddingOf(attr(element, "padding", "space"));
      f.required = attr(element, "required", "true") == "true" || attr(element, "required") == "1";
      f.codes = split(attr(element, "codes"), ' ');
      f.date_format =
          attr(element, "dateFormat") == "written" ? DateFormat::kWritten : DateFormat::kEraYymmdd;
      check(f, layout);
      layout.fields.push_back(std::move(f));
    }
    std::vector<const FieldSpec*> by_offset;
    for (const FieldSpec& f : layout.fields) by_offset.push_back(&f);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const FieldSpec* a, const FieldSpec* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < by_offset.size(); ++i) {
      const FieldSpec& before = *by_offset[i - 1];
      const FieldSpec& f = *by_offset[i];
      if (before.offset + before.length > f.offset) {
        fail(f.line, f.name, "offset",
             std::to_string(f.offset) + " overlaps field " + before.name + " (bytes " +
                 std::to_string(before.offset) + "-" +
                 std::to_string(before.offset + before.length - 1) + ", line " +
                 std::to_string(before.line) + ")");
      }
    }
  }

  void check(const FieldSpec& f, const Layout& layout) {
    if (layout.field(f.name) != nullptr) {
      fail(
          f.line, f.name, "name",
          "is already the name of the field at line " + std::to_string(layout.field(f.name)->line));
    }
    if (f.offset + f.length > layout.record_length) {
      fail(f.line, f.name, "length",
           "bytes " + std::to_string(f.offset) + "-" + std::to_string(f.offset + f.length - 1) +
               " run past the record's " + std::to_string(layout.record_length) + " bytes");
    }
    if ((f.type == FieldType::kCode) != !f.codes.empty()) {
      fail(f.line, f.name, "codes",
           f.type == FieldType::kCode ? "a code field lists the values it allows"
                                      : "only a code field lists values");
    }
    const bool text = f.type == FieldType::kKanji || f.type == FieldType::kKana ||
                      (f.type == FieldType::kDateWareki && f.date_format == DateFormat::kWritten);
    if (f.padding == Padding::kZenkakuSpace && !text) {
      fail(f.line, f.name, "padding", "zenkaku-space pads text fields only (kanji, kana)");
    }
    if (f.padding == Padding::kZero && f.type != FieldType::kNumeric) {
      fail(f.line, f.name, "padding", "zero pads numeric fields only");
    }
  }

  void readMapping(const DOMElement* mapping, Layout& layout) {
    using config::attr;
    const std::vector<int> lines = xml::startTagLines(bytes_, "element");
    std::map<std::string, int> leaves;  // "Jumin/AtenaNo" -> line
    for (const DOMElement* element : xml::childElements(mapping)) {
      const int line = layout.mapping.size() < lines.size() ? lines[layout.mapping.size()] : 0;
      MappedElement m;
      const std::string path = attr(element, "path");
      m.path = split(path, '/');
      const std::string field = attr(element, "field");
      const bool has_value = element->hasAttribute(reinterpret_cast<const XMLCh*>(u"value"));
      if (field.empty() == !has_value) {
        fail(line, path, "field", "an element takes either a field or a value, exactly one");
      }
      if (!field.empty()) {
        const FieldSpec* spec = layout.field(field);
        if (spec == nullptr) fail(line, path, "field", "names no field of the record: " + field);
        if (spec->type == FieldType::kFiller) {
          fail(line, path, "field", field + " is a filler, it carries no value");
        }
        m.field = static_cast<size_t>(spec - layout.fields.data());
      } else {
        m.value = attr(element, "value");
      }
      if (!leaves.emplace(path, line).second) {
        fail(line, path, "path", "is already mapped at line " + std::to_string(leaves[path]));
      }
      for (const auto& [other, other_line] : leaves) {
        if (other.size() > path.size() && other.compare(0, path.size() + 1, path + "/") == 0) {
          fail(line, path, "path",
               "is a parent of " + other + " (line " + std::to_string(other_line) +
                   "), it cannot carry text");
        }
        if (path.size() > other.size() && path.compare(0, other.size() + 1, other + "/") == 0) {
          fail(line, path, "path",
               "is inside " + other + " (line " + std::to_string(other_line) +
                   "), which carries text");
        }
      }
      layout.mapping.push_back(std::move(m));
    }
  }

  [[noreturn]] void fail(int line, const std::string& what, const std::string& attribute,
                         const std::string& why) const {
    throw LayoutError(path_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                      what + ": attribute " + attribute + ": " + why);
  }

  std::string_view bytes_;
  const std::string& path_;
};

}  // namespace

const FieldSpec* Layout::field(const std::string& wanted) const {
  for (const FieldSpec& f : fields) {
    if (f.name == wanted) return &f;
  }
  return nullptr;
}

std::string_view encodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kEucJp:
      return "EUC-JP";
    case TextEncoding::kUtf8:
      return "UTF-8";
    default:
      return "CP932";
  }
}

std::string_view typeName(FieldType type) {
  static constexpr std::string_view kNames[] = {"numeric",      "kanji", "kana",  "date-wareki",
                                                "date-seireki", "code",  "filler"};
  return kNames[static_cast<int>(type)];
}

std::filesystem::path layoutSchemaDir() {
  if (const char* dir = std::getenv("RENKEI_FILE_LAYOUT_XSD_DIR"); dir != nullptr && *dir) {
    return dir;
  }
  return RENKEI_FILE_LAYOUT_XSD_DIR;
}

Layout parseLayout(std::string_view bytes, const std::string& path) {
  xml::ParserLimits limits;
  limits.max_depth = 4;
  limits.max_attributes = 16;
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(layoutSchema(), limits).parse(bytes);
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    throw LayoutError(path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                      f.reason);
  }
  const DOMElement* root = parsed.document->root();
  if (!xml::isElement(root, kLayoutNs, "layout")) {
    throw LayoutError(path + ": the root element must be {" + std::string(kLayoutNs) +
                      "}layout, found " + xml::qualifiedName(root));
  }
  if (!parsed.document->issues().empty()) {
    const xml::ValidationIssue& issue = parsed.document->issues().front();
    throw LayoutError(path + ":" + std::to_string(issue.line) + ":" + std::to_string(issue.column) +
                      ": " + xml::describeOwnFileIssue(issue, root));
  }
  return LayoutReader(bytes, path).read(root);
}

Layout readLayoutFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LayoutError(path + ": cannot open the layout file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parseLayout(bytes.str(), path);
}

}  // namespace renkei::file

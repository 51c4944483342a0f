#include "adapters/file/body_validator.h"

#include <stdexcept>

#include "broker/xml/hardened_parser.h"
#include "broker/xml/schema_set.h"

namespace renkei::file {

BodyValidator::BodyValidator(const std::filesystem::path& xsd_dir, const Layout& layout)
    : layout_(layout),
      schemas_(std::make_unique<xml::SchemaSet>(xml::SchemaSet::loadDirectory(xsd_dir))) {
  if (!schemas_->declaresElement(layout.message.ns, layout.message.root)) {
    throw std::runtime_error(layout.path + ": message root {" + layout.message.ns + "}" +
                             layout.message.root + " is declared by no schema in " +
                             xsd_dir.string());
  }
}

BodyValidator::~BodyValidator() = default;

std::optional<RecordIssue> BodyValidator::check(const std::string& body,
                                                size_t record_offset) const {
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(*schemas_, {}).parse(body);
  std::string path, message;
  if (!parsed.ok()) {
    message = parsed.fault->reason;
  } else if (!parsed.document->issues().empty()) {
    path = parsed.document->issues().front().element_path;
    message = parsed.document->issues().front().message;
  } else {
    return std::nullopt;
  }
  // "/JuminIdoTsuchi/Jumin/KanaShimei" -> the field mapped to Jumin/KanaShimei.
  RecordIssue issue{"-", record_offset, "the message breaks its schema: " + message, true};
  const std::string root = "/" + layout_.message.root + "/";
  if (path.rfind(root, 0) == 0) {
    const std::string below = path.substr(root.size());
    for (const MappedElement& m : layout_.mapping) {
      std::string joined;
      for (const std::string& part : m.path) joined += (joined.empty() ? "" : "/") + part;
      if (joined == below && m.field) {
        const FieldSpec& f = layout_.fields[*m.field];
        issue.field = f.name;
        issue.offset = record_offset + f.offset;
      }
    }
    issue.reason = below + ": " + message;
  }
  return issue;
}

}  // namespace renkei::file

#include "adapters/rest/json_to_xml.h"

#include "broker/core/xml_escape.h"

namespace renkei::rest {
namespace {

// RFC 6901: '~' and '/' in a member name are escaped.
std::string pointerStep(const std::string& name) {
  std::string out;
  for (const char c : name) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

class Writer {
 public:
  std::string out;
  std::optional<JsonMappingError> error;

  bool element(const JsonShape& shape, const JsonValue& value, const std::string& path,
               const std::string& parent_ns) {
    out += '<';
    out += shape.name;
    if (shape.ns != parent_ns) {
      out += " xmlns=\"";
      out += xmlEscapeData(shape.ns);
      out += '"';
    }
    out += '>';
    if (!content(shape, value, path)) return false;
    out += "</";
    out += shape.name;
    out += '>';
    return true;
  }

 private:
  bool fail(const std::string& path, std::string message) {
    error = JsonMappingError{path.empty() ? "/" : path, std::move(message)};
    return false;
  }

  bool wrongKind(const JsonShape& shape, const JsonValue& value, const std::string& path) {
    return fail(path, shape.name + " must be a JSON " + jsonTypeName(shape.type) + ", not " +
                          jsonKindName(value.kind));
  }

  bool content(const JsonShape& shape, const JsonValue& value, const std::string& path) {
    switch (shape.type) {
      case JsonShape::Type::kObject:
        return object(shape, value, path);
      case JsonShape::Type::kString:
        if (value.kind != JsonValue::Kind::kString) return wrongKind(shape, value, path);
        for (const char c : value.text) {
          if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return fail(path, shape.name + " holds a control character XML cannot carry");
          }
        }
        out += xmlEscapeData(value.text);
        return true;
      case JsonShape::Type::kBoolean:
        if (value.kind != JsonValue::Kind::kBool) return wrongKind(shape, value, path);
        out += value.boolean ? "true" : "false";
        return true;
      case JsonShape::Type::kInteger:
        if (value.kind != JsonValue::Kind::kNumber) return wrongKind(shape, value, path);
        if (value.text.find_first_of(".eE") != std::string::npos) {
          return fail(path, shape.name + " must be a whole number (no fraction or exponent)");
        }
        out += value.text;
        return true;
      case JsonShape::Type::kNumber:
        if (value.kind != JsonValue::Kind::kNumber) return wrongKind(shape, value, path);
        out += value.text;
        return true;
    }
    return false;
  }

  bool object(const JsonShape& shape, const JsonValue& value, const std::string& path) {
    if (value.kind != JsonValue::Kind::kObject) return wrongKind(shape, value, path);
    // Unknown names are refused rather than dropped: a misspelt optional member would otherwise
    // vanish without the caller ever knowing.
    for (const auto& [name, member_value] : value.members) {
      if (shape.child(name) == nullptr) {
        return fail(path + "/" + pointerStep(name),
                    "\"" + name + "\" is not an element of " + shape.name);
      }
    }
    for (const JsonMember& member : shape.children) {
      const JsonValue* given = value.member(member.shape->name);
      if (given == nullptr || given->kind == JsonValue::Kind::kNull) continue;
      const std::string member_path = path + "/" + pointerStep(member.shape->name);
      if (!member.repeated) {
        if (!element(*member.shape, *given, member_path, shape.ns)) return false;
        continue;
      }
      if (given->kind != JsonValue::Kind::kArray) {
        return fail(member_path, member.shape->name + " may repeat, so it must be a JSON array");
      }
      for (std::size_t k = 0; k < given->items.size(); ++k) {
        if (!element(*member.shape, given->items[k], member_path + "/" + std::to_string(k),
                     shape.ns)) {
          return false;
        }
      }
    }
    return true;
  }
};

}  // namespace

XmlBody xmlFromJson(const JsonShape& root, const JsonValue& body) {
  Writer writer;
  XmlBody result;
  // A parent namespace no element has: the root always declares its own.
  if (writer.element(root, body, "", "\x01")) {
    result.xml = std::move(writer.out);
  } else {
    result.error = std::move(writer.error);
  }
  return result;
}

}  // namespace renkei::rest

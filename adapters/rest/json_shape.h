#pragma once
// The JSON form of the platform's messages, read from the XSDs the broker validates with (the
// loaded SchemaSet's XSModel), so every element has a JSON name and a JSON type and nothing is
// written by hand per service:
// - an element is a member named by its local name;
// - an element of complex type is an object of its child elements (sequence, choice and all are
//   flattened, in schema order); simple content is the value itself;
// - xs:boolean is a JSON boolean; xs:decimal, xs:float, xs:double and their derivations
//   (xs:integer, xs:int, ...) are JSON numbers; every other simple type is a string;
// - an element that may occur more than once (maxOccurs > 1, or inside a repeated group) is an
//   array, even when one item is there.
// Attributes and wildcards (xs:any) are not mapped: the platform's message schemas use neither.
// Built once per schema set; read-only afterwards, so shared by every worker.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "broker/xml/schema_set.h"

namespace renkei::rest {

struct JsonShape;

// One child element where its parent's content model places it. The shape is owned by the
// JsonMapping: a type that contains itself makes the shapes a graph with cycles, which shared
// ownership would leak.
struct JsonMember {
  const JsonShape* shape = nullptr;
  bool repeated = false;  // a JSON array
  bool required = false;  // minOccurs > 0 outside any choice or optional group
};

struct JsonShape {
  enum class Type { kObject, kString, kNumber, kInteger, kBoolean };
  std::string name;  // the element's local name: the JSON member name
  std::string ns;    // its namespace; empty for an unqualified local element
  Type type = Type::kString;
  std::vector<JsonMember> children;      // kObject, in schema order
  std::string documentation;             // the first xs:documentation of the element
  std::vector<std::string> enumeration;  // simple types restricted to listed values

  const JsonMember* child(std::string_view member_name) const {
    for (const JsonMember& member : children) {
      if (member.shape->name == member_name) return &member;
    }
    return nullptr;
  }
};

const char* jsonTypeName(JsonShape::Type type);  // "object", "string", "number", "integer", ...

class JsonMapping {
 public:
  // Every global element declaration of `schemas`.
  explicit JsonMapping(const xml::SchemaSet& schemas);

  // The shape of the global element {ns}local, or nullptr when none is declared.
  const JsonShape* root(std::string_view ns, std::string_view local) const;

 private:
  std::vector<std::unique_ptr<JsonShape>> shapes_;              // every shape, once
  std::map<std::string, const JsonShape*, std::less<>> roots_;  // "{ns}local"
};

}  // namespace renkei::rest

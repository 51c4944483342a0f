#pragma once
// A parsed JSON value (RFC 8259) as the REST bridge reads it from callers and JWTs. Numbers keep
// the text the caller wrote: the XML they become carries exactly that lexical form, and no
// precision is lost through a double (a 宛名番号 of 16 digits stays what it was).
#include <string>
#include <utility>
#include <vector>

namespace renkei::rest {

struct JsonValue {
  // Declared here and defaulted after the class: left implicit, clang with libstdc++ 12
  // instantiates the destructor of `members` while JsonValue is still incomplete and refuses
  // to build (g++ accepts it).
  JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;
  ~JsonValue();

  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;              // kString: decoded UTF-8; kNumber: as written
  std::vector<JsonValue> items;  // kArray
  // kObject, in the order written; the parser refuses duplicate names.
  std::vector<std::pair<std::string, JsonValue>> members;

  // The member named `name`, or nullptr (also when this is not an object).
  const JsonValue* member(const std::string& name) const {
    for (const auto& [key, value] : members) {
      if (key == name) return &value;
    }
    return nullptr;
  }
};

inline JsonValue::JsonValue() = default;
inline JsonValue::JsonValue(const JsonValue&) = default;
inline JsonValue::JsonValue(JsonValue&&) noexcept = default;
inline JsonValue& JsonValue::operator=(const JsonValue&) = default;
inline JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;
inline JsonValue::~JsonValue() = default;

// "object", "string", ...: for messages that say what was found where something else belongs.
const char* jsonKindName(JsonValue::Kind kind);

}  // namespace renkei::rest

#include "adapters/rest/json_parser.h"

#include "broker/core/utf8_append.h"

namespace renkei::rest {

const char* jsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "boolean";
    case JsonValue::Kind::kNumber:
      return "number";
    case JsonValue::Kind::kString:
      return "string";
    case JsonValue::Kind::kArray:
      return "array";
    case JsonValue::Kind::kObject:
      return "object";
  }
  return "value";
}

namespace {

// Thrown inside the parser only, caught by parseJson: unwinding the recursion is simpler than
// threading a status through every level, and it never leaves this file.
struct Malformed {
  std::size_t at;
  std::string message;
};

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits) : t_(text), limits_(limits) {}

  JsonValue document() {
    skipBlank();
    JsonValue value = parseValue(0);
    skipBlank();
    if (i_ != t_.size()) fail("text after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(std::string message) { throw Malformed{i_, std::move(message)}; }

  void skipBlank() {
    while (i_ < t_.size() &&
           (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) {
      ++i_;
    }
  }

  JsonValue parseValue(std::size_t depth) {
    if (i_ >= t_.size()) fail("the JSON text ends where a value belongs");
    const char c = t_[i_];
    if (c == '{' || c == '[') {
      if (depth >= limits_.max_depth) {
        fail("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      }
      return c == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    JsonValue value;
    if (c == '"') {
      value.kind = JsonValue::Kind::kString;
      value.text = parseString();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      value.kind = JsonValue::Kind::kNumber;
      value.text = parseNumber();
    } else if (literal("true")) {
      value.kind = JsonValue::Kind::kBool;
      value.boolean = true;
    } else if (literal("false")) {
      value.kind = JsonValue::Kind::kBool;
    } else if (!literal("null")) {
      fail("unexpected character where a value belongs");
    }
    return value;
  }

  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  JsonValue parseObject(std::size_t depth) {
    JsonValue value;
    value.kind = JsonValue::Kind::kObject;
    ++i_;  // '{'
    skipBlank();
    if (i_ < t_.size() && t_[i_] == '}') {
      ++i_;
      return value;
    }
    for (;;) {
      skipBlank();
      if (i_ >= t_.size() || t_[i_] != '"') fail("a member name (a string) belongs here");
      const std::size_t name_at = i_;
      std::string name = parseString();
      if (value.member(name) != nullptr) {
        i_ = name_at;
        fail("member \"" + name + "\" appears twice");
      }
      skipBlank();
      if (i_ >= t_.size() || t_[i_] != ':') fail("':' belongs after a member name");
      ++i_;
      skipBlank();
      JsonValue member = parseValue(depth);
      value.members.emplace_back(std::move(name), std::move(member));
      skipBlank();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == '}') {
        ++i_;
        return value;
      }
      fail("',' or '}' belongs after a member");
    }
  }

  JsonValue parseArray(std::size_t depth) {
    JsonValue value;
    value.kind = JsonValue::Kind::kArray;
    ++i_;  // '['
    skipBlank();
    if (i_ < t_.size() && t_[i_] == ']') {
      ++i_;
      return value;
    }
    for (;;) {
      skipBlank();
      value.items.push_back(parseValue(depth));
      skipBlank();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == ']') {
        ++i_;
        return value;
      }
      fail("',' or ']' belongs after an array item");
    }
  }

  // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  std::string parseNumber() {
    const std::size_t start = i_;
    auto digits = [&] {
      const std::size_t from = i_;
      while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
      return i_ - from;
    };
    if (t_[i_] == '-') ++i_;
    if (i_ < t_.size() && t_[i_] == '0') {
      ++i_;
      if (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') fail("a number may not start with 0");
    } else if (digits() == 0) {
      fail("digits belong after '-'");
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (digits() == 0) fail("digits belong after the decimal point");
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (digits() == 0) fail("digits belong in the exponent");
    }
    return std::string(t_.substr(start, i_ - start));
  }

  unsigned hex4() {
    if (i_ + 4 > t_.size()) fail("\\u needs four hex digits");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = t_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        --i_;
        fail("\\u needs four hex digits");
      }
    }
    return v;
  }

  void escape(std::string& out) {
    if (i_ >= t_.size()) fail("the string ends inside an escape");
    const char c = t_[i_++];
    switch (c) {
      case '"':
        out.push_back('"');
        return;
      case '\\':
        out.push_back('\\');
        return;
      case '/':
        out.push_back('/');
        return;
      case 'b':
        out.push_back('\b');
        return;
      case 'f':
        out.push_back('\f');
        return;
      case 'n':
        out.push_back('\n');
        return;
      case 'r':
        out.push_back('\r');
        return;
      case 't':
        out.push_back('\t');
        return;
      case 'u':
        break;
      default:
        --i_;
        fail("unknown escape in a string");
    }
    const unsigned first = hex4();
    if (first >= 0xDC00 && first <= 0xDFFF) fail("a low surrogate without its high surrogate");
    if (first < 0xD800 || first > 0xDBFF) {
      appendUtf8(out, static_cast<char32_t>(first));
      return;
    }
    if (t_.substr(i_, 2) != "\\u") fail("a high surrogate without its low surrogate");
    i_ += 2;
    const unsigned second = hex4();
    if (second < 0xDC00 || second > 0xDFFF) fail("a high surrogate without its low surrogate");
    appendUtf8(out, static_cast<char32_t>(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)));
  }

  // One UTF-8 sequence starting at i_, checked as RFC 3629 requires (no overlongs, surrogates or
  // values beyond U+10FFFF), copied to out.
  void utf8(std::string& out) {
    const auto b0 = static_cast<unsigned char>(t_[i_]);
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2, cp = b0 & 0x1F, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3, cp = b0 & 0x0F, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      fail("invalid UTF-8");
    }
    if (i_ + length > t_.size()) fail("invalid UTF-8");
    for (std::size_t k = 1; k < length; ++k) {
      const auto b = static_cast<unsigned char>(t_[i_ + k]);
      if ((b & 0xC0) != 0x80) fail("invalid UTF-8");
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("invalid UTF-8");
    out.append(t_.substr(i_, length));
    i_ += length;
  }

  std::string parseString() {
    ++i_;  // '"'
    std::string out;
    for (;;) {
      if (i_ >= t_.size()) fail("the string is not closed");
      const auto c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c == '\\') {
        ++i_;
        escape(out);
      } else if (c < 0x20) {
        fail("a control character must be escaped in a string");
      } else if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++i_;
      } else {
        utf8(out);
      }
    }
  }

  std::string_view t_;
  const JsonLimits& limits_;
  std::size_t i_ = 0;
};

JsonError errorAt(std::string_view text, std::size_t at, std::string message) {
  JsonError error;
  error.line = 1;
  error.column = 1;
  for (std::size_t k = 0; k < at && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++error.line;
      error.column = 1;
    } else {
      ++error.column;
    }
  }
  error.message = std::move(message);
  return error;
}

}  // namespace

JsonParse parseJson(std::string_view text, const JsonLimits& limits) {
  JsonParse result;
  if (text.size() > limits.max_bytes) {
    result.error = errorAt(
        text, 0, "the JSON text is larger than " + std::to_string(limits.max_bytes) + " bytes");
    return result;
  }
  try {
    Parser parser(text, limits);
    result.value = parser.document();
  } catch (const Malformed& malformed) {
    result.error = errorAt(text, malformed.at, malformed.message);
  }
  return result;
}

}  // namespace renkei::rest

#include "broker/audit/flat_json.h"

#include "broker/core/utf8_append.h"

#include <cstdint>

namespace renkei {

namespace {

class Reader {
 public:
  Reader(std::string_view text, std::string& error) : text_(text), error_(error) {}

  std::optional<FlatJsonObject> object() {
    FlatJsonObject result;
    skipSpace();
    if (!take('{')) return fail("expected '{'");
    skipSpace();
    if (take('}')) return finish(std::move(result));
    for (;;) {
      skipSpace();
      std::string key;
      if (!string(key)) return std::nullopt;
      skipSpace();
      if (!take(':')) return fail("expected ':'");
      skipSpace();
      FlatJsonValue value;
      if (!valueInto(value)) return std::nullopt;
      if (!result.emplace(std::move(key), std::move(value)).second) {
        return fail("a key appears twice");
      }
      skipSpace();
      if (take('}')) return finish(std::move(result));
      if (!take(',')) return fail("expected ',' or '}'");
    }
  }

 private:
  std::optional<FlatJsonObject> finish(FlatJsonObject result) {
    skipSpace();
    if (pos_ != text_.size()) return fail("text after the object");
    return result;
  }

  std::nullopt_t fail(const std::string& what) {
    error_ = "column " + std::to_string(pos_ + 1) + ": " + what;
    return std::nullopt;
  }

  bool bad(const std::string& what) {
    fail(what);
    return false;
  }

  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void skipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool valueInto(FlatJsonValue& value) {
    if (pos_ >= text_.size()) return bad("expected a value");
    const char c = text_[pos_];
    if (c == '"') {
      value.kind = FlatJsonValue::Kind::kString;
      return string(value.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      value.kind = FlatJsonValue::Kind::kNumber;
      const size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::string_view("0123456789+-.eE").find(text_[pos_]) != std::string_view::npos)) {
        ++pos_;
      }
      value.text = std::string(text_.substr(start, pos_ - start));
      return true;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        value.kind = word == "null" ? FlatJsonValue::Kind::kNull : FlatJsonValue::Kind::kBool;
        value.text = std::string(word);
        return true;
      }
    }
    return bad("expected a string, number, true, false or null (no nesting)");
  }

  bool hex4(uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  bool string(std::string& out) {
    if (!take('"')) return bad("expected '\"'");
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return bad("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!hex4(cp)) return bad("bad \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (!take('\\') || !take('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return bad("unpaired surrogate in a \\u escape");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return bad("unpaired surrogate in a \\u escape");
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          return bad("bad escape in a string");
      }
    }
    return bad("unterminated string");
  }

  std::string_view text_;
  std::string& error_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<FlatJsonObject> parseFlatJsonObject(std::string_view line, std::string& error) {
  return Reader(line, error).object();
}

}  // namespace renkei

#pragma once
// A strict JSON syntax check (RFC 8259) for tests that read JSON the broker writes, and the
// value of a top-level string field. Small on purpose: no DOM, just a recursive descent.
#include <cctype>
#include <string>
#include <string_view>

namespace renkei::testing {

namespace json_detail {

class Checker {
 public:
  explicit Checker(std::string_view text) : t_(text) {}
  bool document(std::string* error) {
    skip();
    if (!value()) return fail(error);
    skip();
    if (i_ != t_.size()) return fail(error, "text after the value");
    return true;
  }

 private:
  bool fail(std::string* error, const char* why = "syntax error") {
    if (error) *error = std::string(why) + " at offset " + std::to_string(i_);
    return false;
  }
  void skip() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r'))
      ++i_;
  }
  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool value() {
    if (i_ >= t_.size()) return false;
    switch (t_[i_]) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }
  bool object() {
    ++i_;
    skip();
    if (i_ < t_.size() && t_[i_] == '}') return ++i_, true;
    for (;;) {
      skip();
      if (i_ >= t_.size() || t_[i_] != '"' || !string()) return false;
      skip();
      if (i_ >= t_.size() || t_[i_++] != ':') return false;
      skip();
      if (!value()) return false;
      skip();
      if (i_ >= t_.size()) return false;
      if (t_[i_] == '}') return ++i_, true;
      if (t_[i_++] != ',') return false;
    }
  }
  bool array() {
    ++i_;
    skip();
    if (i_ < t_.size() && t_[i_] == ']') return ++i_, true;
    for (;;) {
      skip();
      if (!value()) return false;
      skip();
      if (i_ >= t_.size()) return false;
      if (t_[i_] == ']') return ++i_, true;
      if (t_[i_++] != ',') return false;
    }
  }
  bool string() {
    ++i_;
    while (i_ < t_.size()) {
      const unsigned char c = static_cast<unsigned char>(t_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ >= t_.size()) return false;
        const char e = t_[i_++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (i_ >= t_.size() || !std::isxdigit(static_cast<unsigned char>(t_[i_++])))
              return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool digits() {
    const std::size_t start = i_;
    while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    return i_ > start;
  }
  bool number() {
    if (i_ < t_.size() && t_[i_] == '-') ++i_;
    if (i_ < t_.size() && t_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    return true;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

}  // namespace json_detail

inline bool isValidJson(std::string_view text, std::string* error = nullptr) {
  return json_detail::Checker(text).document(error);
}

// The raw text of "key":"..." (no unescaping; enough for ids), or "" when absent.
inline std::string jsonStringField(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\":\"";
  const auto at = json.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  const auto end = json.find('"', start);
  return end == std::string::npos ? "" : json.substr(start, end - start);
}

}  // namespace renkei::testing

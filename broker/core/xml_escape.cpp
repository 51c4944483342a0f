#include "broker/core/xml_escape.h"

namespace renkei {
namespace {

// The escape of one character, or nullptr when it is written as is.
const char* entityOf(char c) {
  switch (c) {
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '&':
      return "&amp;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    default:
      return nullptr;
  }
}

}  // namespace

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (const char* entity = entityOf(c)) {
      out += entity;
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
      out += c;
    }
  }
  return out;
}

std::string xmlEscapeData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (const char* entity = entityOf(c)) {
      out += entity;
    } else if (c == '\r') {
      out += "&#13;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace renkei

#include "broker/admin/content_disposition.h"

#include <cctype>

namespace renkei::admin {
namespace {

// RFC 8187 attr-char: what may stand unencoded in an ext-value.
bool isAttrChar(unsigned char c) {
  return std::isalnum(c) != 0 ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percentEncoded(std::string_view utf8) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if (isAttrChar(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string quotableAscii(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c < 0x20 || c >= 0x7F || ch == '"' || ch == '\\') ? '_' : ch;
  }
  return out;
}

std::string compactDate(std::string_view date) {
  std::string out;
  for (const char ch : date) {
    if (ch != '-') out += ch;
  }
  return out;
}

}  // namespace

std::string attachmentHeader(std::string_view utf8_name, std::string_view ascii_fallback) {
  return "Content-Disposition: attachment; filename=\"" + quotableAscii(ascii_fallback) +
         "\"; filename*=UTF-8''" + percentEncoded(utf8_name);
}

std::string inventoryCsvAttachmentHeader(std::string_view jst_date) {
  const std::string day = compactDate(jst_date);
  return attachmentHeader("連携一覧-" + day + ".csv", "renkei-links-" + day + ".csv");
}

}  // namespace renkei::admin

#include "broker/xml/prolog_scan.h"

#include <algorithm>
#include <string>

#include "broker/core/printable_text.h"

namespace renkei::xml {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxDeclaration = 512;

FaultInfo fault(FaultCode code, std::string reason) {
  FaultInfo f;
  f.code = code;
  f.reason = std::move(reason);
  f.line = 1;
  f.column = 1;
  return f;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The value of encoding="..." inside an XML declaration, or "" when absent.
std::string_view declaredEncoding(std::string_view decl) {
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at += 8;
  while (at < decl.size() && isSpace(decl[at])) ++at;
  if (at >= decl.size() || decl[at] != '=') return {};
  ++at;
  while (at < decl.size() && isSpace(decl[at])) ++at;
  if (at >= decl.size() || (decl[at] != '"' && decl[at] != '\'')) return {};
  char quote = decl[at++];
  auto end = decl.find(quote, at);
  if (end == std::string_view::npos) return {};
  return decl.substr(at, end - at);
}

}  // namespace

std::optional<FaultInfo> scanProlog(std::string_view bytes) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  if (bytes.empty()) return fault(FaultCode::kInvalidXml, "the document is empty");
  unsigned char first = static_cast<unsigned char>(bytes[0]);
  bool wide =
      first == 0x00 || first == 0xFE || first == 0xFF || (bytes.size() > 1 && bytes[1] == '\0');
  if (wide) {
    return fault(FaultCode::kInvalidXml, "only UTF-8 encoded XML is accepted (found UTF-16/32)");
  }

  std::size_t pos = 0;
  if (bytes.substr(0, 5) == "<?xml" && bytes.size() > 5 && isSpace(bytes[5])) {
    auto end = bytes.substr(0, kMaxDeclaration).find("?>");
    if (end == std::string_view::npos) {
      return fault(FaultCode::kInvalidXml, "the XML declaration is not terminated");
    }
    std::string encoding = lower(declaredEncoding(bytes.substr(0, end)));
    if (!encoding.empty() && encoding != "utf-8" && encoding != "us-ascii") {
      // Quoted as printable ASCII: the name is the caller's bytes, and a fault must stay UTF-8.
      return fault(FaultCode::kInvalidXml,
                   "encoding '" + printableExcerpt(declaredEncoding(bytes.substr(0, end))) +
                       "' is not accepted; platform messages are UTF-8");
    }
    pos = end + 2;
  }

  // Misc* before the root: whitespace, comments, processing instructions.
  while (pos < bytes.size()) {
    if (isSpace(bytes[pos])) {
      ++pos;
      continue;
    }
    std::string_view rest = bytes.substr(pos);
    if (rest.substr(0, 4) == "<!--") {
      auto end = rest.find("-->", 4);
      if (end == std::string_view::npos) return std::nullopt;  // the parser reports it
      pos += end + 3;
    } else if (rest.substr(0, 2) == "<?") {
      auto end = rest.find("?>", 2);
      if (end == std::string_view::npos) return std::nullopt;
      pos += end + 2;
    } else if (rest.substr(0, 9) == "<!DOCTYPE") {
      FaultInfo f = fault(FaultCode::kForbiddenXmlConstruct, "DOCTYPE is not allowed");
      std::string_view before = bytes.substr(0, pos);
      auto last_newline = before.rfind('\n');
      f.line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      f.column = 1 + static_cast<int>(
                         last_newline == std::string_view::npos ? pos : pos - last_newline - 1);
      return f;
    } else {
      break;
    }
  }
  return std::nullopt;
}

}  // namespace renkei::xml

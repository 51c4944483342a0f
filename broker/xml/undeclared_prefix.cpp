#include "broker/xml/undeclared_prefix.h"

namespace renkei::xml {

namespace {

constexpr std::string_view kOpening = "prefix '";
constexpr std::string_view kClosing = "' can not be resolved to namespace URI";

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Name characters after the prefix's colon, ASCII or not (a multi-byte UTF-8 sequence never
// contains '=', '>' or whitespace, so it can be skipped byte by byte).
bool isNameByte(char c) {
  return !isSpace(c) && c != '=' && c != '>' && c != '/' && c != '<' && c != '"' && c != '\'';
}

bool namesSomething(std::string_view bytes, std::string_view prefix) {
  const std::string qualified = std::string(prefix) + ":";
  for (std::size_t at = bytes.find(qualified); at != std::string_view::npos;
       at = bytes.find(qualified, at + 1)) {
    if (at == 0) continue;
    const char before = bytes[at - 1];
    if (before == '<' || (before == '/' && at >= 2 && bytes[at - 2] == '<')) return true;
    if (!isSpace(before)) continue;  // e.g. inside an attribute value: "zz:Foo"
    std::size_t pos = at + qualified.size();
    while (pos < bytes.size() && isNameByte(bytes[pos])) ++pos;
    while (pos < bytes.size() && isSpace(bytes[pos])) ++pos;
    if (pos < bytes.size() && bytes[pos] == '=') return true;  // an attribute's name
  }
  return false;
}

}  // namespace

std::optional<FaultInfo> undeclaredPrefixInValue(const FaultInfo& fault, std::string_view bytes) {
  if (fault.code != FaultCode::kInvalidXml) return std::nullopt;
  const std::size_t open = fault.reason.find(kOpening);
  if (open == std::string::npos) return std::nullopt;
  const std::size_t start = open + kOpening.size();
  const std::size_t close = fault.reason.find(kClosing, start);
  if (close == std::string::npos) return std::nullopt;
  const std::string prefix = fault.reason.substr(start, close - start);
  if (prefix.empty() || namesSomething(bytes, prefix)) return std::nullopt;
  FaultInfo schema = fault;
  schema.code = FaultCode::kSchemaViolation;
  schema.reason = "schema violation at line " + std::to_string(fault.line) + ", column " +
                  std::to_string(fault.column) + ": an attribute value (such as xsi:type) uses " +
                  "prefix '" + prefix + "', which no xmlns declaration in scope defines";
  return schema;
}

}  // namespace renkei::xml

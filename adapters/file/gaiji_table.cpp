#include "adapters/file/gaiji_table.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace renkei::file {
namespace {

std::optional<std::string> hexBytes(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0 || text.size() > 8) return std::nullopt;
  std::string bytes;
  for (size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    for (size_t k = i; k < i + 2; ++k) {
      const char c = text[k];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= c - '0';
      } else if (c >= 'A' && c <= 'F') {
        value |= c - 'A' + 10;
      } else if (c >= 'a' && c <= 'f') {
        value |= c - 'a' + 10;
      } else {
        return std::nullopt;
      }
    }
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

std::optional<char32_t> codePoint(const std::string& text) {
  if (text.size() < 6 || text.size() > 8 || (text.compare(0, 2, "U+") != 0)) return std::nullopt;
  const auto bytes = hexBytes(std::string(text.size() % 2 ? "0" : "") + text.substr(2));
  if (!bytes) return std::nullopt;
  char32_t value = 0;
  for (const char c : *bytes) value = (value << 8) | static_cast<unsigned char>(c);
  if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) || value < 0x80) return std::nullopt;
  return value;
}

// Whether `bytes` is one double-byte character's shape in `encoding`.
bool isDoubleByte(TextEncoding encoding, std::string_view bytes) {
  if (bytes.size() != 2) return false;
  const auto lead = static_cast<unsigned char>(bytes[0]);
  const auto trail = static_cast<unsigned char>(bytes[1]);
  if (encoding == TextEncoding::kCp932) {
    return ((lead >= 0x81 && lead <= 0x9F) || (lead >= 0xE0 && lead <= 0xFC)) && trail >= 0x40 &&
           trail <= 0xFC && trail != 0x7F;
  }
  return lead >= 0xA1 && lead <= 0xFE && trail >= 0xA1 && trail <= 0xFE;
}

}  // namespace

GaijiTable GaijiTable::parse(std::string_view text, const std::string& path) {
  GaijiTable table;
  std::istringstream in{std::string(text)};
  std::string raw;
  int line = 0;
  const auto fail = [&](const std::string& why) {
    throw GaijiTableError(path + ":" + std::to_string(line) + ": " + why);
  };
  while (std::getline(in, raw)) {
    ++line;
    if (const auto hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    std::istringstream words(raw);
    std::string encoding_text, bytes_text, code_text, source;
    if (!(words >> encoding_text)) continue;
    if (!(words >> bytes_text >> code_text)) {
      fail("an entry is ENCODING BYTES U+XXXX [SOURCE]");
    }
    std::getline(words >> std::ws, source);
    source.erase(source.find_last_not_of(" \t\r") + 1);
    TextEncoding encoding;
    if (encoding_text == "CP932") {
      encoding = TextEncoding::kCp932;
    } else if (encoding_text == "EUC-JP") {
      encoding = TextEncoding::kEucJp;
    } else if (encoding_text == "UTF-8") {
      encoding = TextEncoding::kUtf8;
    } else {
      fail("encoding: '" + encoding_text + "' is not CP932, EUC-JP or UTF-8");
    }
    const auto bytes = hexBytes(bytes_text);
    if (!bytes) fail("bytes: '" + bytes_text + "' is not hexadecimal bytes (e.g. F040)");
    if (encoding != TextEncoding::kUtf8 && !isDoubleByte(encoding, *bytes)) {
      fail("bytes: " + bytes_text + " is not a double-byte character of " +
           std::string(encodingName(encoding)));
    }
    const auto code_point = codePoint(code_text);
    if (!code_point)
      fail("code point: '" + code_text + "' is not U+XXXX (non-ASCII, not a surrogate)");
    GaijiEntry entry{*code_point, source, line};
    const auto [it, fresh] = table.by_bytes_.emplace(std::make_pair(encoding, *bytes), entry);
    if (!fresh) {
      fail("bytes: " + encoding_text + " " + bytes_text + " is already mapped at line " +
           std::to_string(it->second.line));
    }
    table.by_code_point_.emplace(std::make_pair(encoding, *code_point), *bytes);
  }
  return table;
}

GaijiTable GaijiTable::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GaijiTableError(path + ": cannot open the 外字 table");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

const GaijiEntry* GaijiTable::find(TextEncoding encoding, std::string_view bytes) const {
  const auto it = by_bytes_.find(std::make_pair(encoding, std::string(bytes)));
  return it == by_bytes_.end() ? nullptr : &it->second;
}

std::optional<std::string> GaijiTable::bytesFor(TextEncoding encoding, char32_t code_point) const {
  const auto it = by_code_point_.find(std::make_pair(encoding, code_point));
  if (it == by_code_point_.end()) return std::nullopt;
  return it->second;
}

}  // namespace renkei::file

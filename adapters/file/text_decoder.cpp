#include "adapters/file/text_decoder.h"

#include <algorithm>
#include <cstdio>

#include "broker/core/utf8_append.h"
#include "broker/registry/text_encoding.h"

namespace renkei::file {
namespace {

unsigned byteAt(std::string_view bytes, size_t i) {
  return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100;
}

// Length of the character starting at bytes[i], by its lead byte; 0 when no character starts
// with that byte.
size_t characterLength(std::string_view bytes, size_t i, TextEncoding encoding) {
  const unsigned lead = byteAt(bytes, i);
  if (encoding == TextEncoding::kCp932) {
    if (lead < 0x80 || (lead >= 0xA1 && lead <= 0xDF)) return 1;
    if ((lead >= 0x81 && lead <= 0x9F) || (lead >= 0xE0 && lead <= 0xFC)) return 2;
    return 0;
  }
  if (lead < 0x80) return 1;
  if (lead == 0x8E) return 2;  // half-width kana
  if (lead == 0x8F) return 3;  // JIS X 0212
  if (lead >= 0xA1 && lead <= 0xFE) return 2;
  return 0;
}

// The Private Use code point a user-defined character keeps when the table has no entry;
// 0 when the character is not in a user-defined area.
char32_t userDefinedCodePoint(std::string_view character, TextEncoding encoding) {
  if (character.size() != 2) return 0;
  const unsigned lead = byteAt(character, 0), trail = byteAt(character, 1);
  if (encoding == TextEncoding::kCp932 && lead >= 0xF0 && lead <= 0xF9 && trail >= 0x40 &&
      trail <= 0xFC && trail != 0x7F) {
    return 0xE000 + (lead - 0xF0) * 188 + (trail - 0x40) - (trail > 0x7F ? 1 : 0);
  }
  if (encoding == TextEncoding::kEucJp && lead >= 0xF5 && lead <= 0xFE && trail >= 0xA1 &&
      trail <= 0xFE) {
    return 0xE000 + (lead - 0xF5) * 94 + (trail - 0xA1);
  }
  return 0;
}

void decodeUtf8(std::string_view bytes, const GaijiTable& gaiji, DecodedText& out) {
  if (const auto bad = findInvalidUtf8(bytes)) {
    out.notes.push_back(
        {bad->offset,
         "byte " + hexOf(bytes.substr(bad->offset, 1)) + " does not start a UTF-8 character",
         true});
    return;
  }
  for (size_t i = 0; i < bytes.size();) {
    const unsigned lead = byteAt(bytes, i);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string_view character = bytes.substr(i, length);
    if (const GaijiEntry* entry = gaiji.find(TextEncoding::kUtf8, character)) {
      appendUtf8(out.utf8, entry->code_point);
    } else {
      out.utf8.append(character);
      char32_t cp = 0;
      if (length == 3)
        cp = ((lead & 0x0F) << 12) | ((byteAt(bytes, i + 1) & 0x3F) << 6) |
             (byteAt(bytes, i + 2) & 0x3F);
      if (isPrivateUse(cp)) {
        out.notes.push_back({i,
                             "外字 " + codePointLabel(cp) +
                                 " has no entry in the 外字 table: kept as " + codePointLabel(cp),
                             false});
      }
    }
    i += length;
  }
}

}  // namespace

bool DecodedText::ok() const {
  for (const TextNote& n : notes) {
    if (n.error) return false;
  }
  return true;
}

std::string hexOf(std::string_view bytes) {
  std::string text;
  char two[4];
  for (const char c : bytes) {
    std::snprintf(two, sizeof two, "%02X", static_cast<unsigned char>(c));
    if (!text.empty()) text += ' ';
    text += two;
  }
  return text;
}

bool isPrivateUse(char32_t cp) { return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000; }

DecodedText decodeText(std::string_view bytes, TextEncoding encoding, const GaijiTable& gaiji) {
  DecodedText out;
  if (encoding == TextEncoding::kUtf8) {
    decodeUtf8(bytes, gaiji, out);
    return out;
  }
  size_t run_start = 0;  // ASCII and standard characters are converted a run at a time
  const auto flush = [&](size_t end) -> bool {
    if (end == run_start) return true;
    const std::string_view part = bytes.substr(run_start, end - run_start);
    const Cp932Decoded d = encoding == TextEncoding::kCp932 ? decodeCp932(part) : decodeEucJp(part);
    if (d.error) {
      const size_t at = run_start + d.error->offset;
      const size_t length = std::max<size_t>(1, characterLength(bytes, at, encoding));
      out.notes.push_back({at,
                           "bytes " + hexOf(bytes.substr(at, length)) + " are not " +
                               std::string(encodingName(encoding)),
                           true});
      return false;
    }
    out.utf8 += d.utf8;
    return true;
  };
  for (size_t i = 0; i < bytes.size();) {
    const size_t length = characterLength(bytes, i, encoding);
    if (length == 0 || i + length > bytes.size()) {
      if (!flush(i)) return out;
      out.notes.push_back(
          {i,
           length == 0 ? "byte " + hexOf(bytes.substr(i, 1)) + " does not start a " +
                             std::string(encodingName(encoding)) + " character"
                       : "the field ends inside a character (" + hexOf(bytes.substr(i)) + ")",
           true});
      return out;
    }
    const std::string_view character = bytes.substr(i, length);
    const GaijiEntry* entry = length > 1 ? gaiji.find(encoding, character) : nullptr;
    const char32_t user_defined = entry ? 0 : userDefinedCodePoint(character, encoding);
    if (entry != nullptr || user_defined != 0) {
      if (!flush(i)) return out;
      appendUtf8(out.utf8, entry ? entry->code_point : user_defined);
      if (entry == nullptr) {
        out.notes.push_back({i,
                             "外字 " + hexOf(character) +
                                 " has no entry in the 外字 table: kept as " +
                                 codePointLabel(user_defined),
                             false});
      }
      run_start = i + length;
    }
    i += length;
  }
  flush(bytes.size());
  return out;
}

}  // namespace renkei::file

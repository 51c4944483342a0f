#include "broker/registry/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace renkei {

namespace {

// One iconv conversion descriptor for one call; glibc's descriptors are not thread-safe.
class Converter {
 public:
  Converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw std::runtime_error(std::string("this system's iconv has no ") + from + " -> " + to +
                               " converter");
    }
  }
  ~Converter() { iconv_close(cd_); }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  // All of `in` converted into `out`; false with *failed_at set at the first byte of `in` that
  // could not be converted (an invalid or incomplete sequence, or a character `to` lacks).
  bool convert(std::string_view in, std::string* out, size_t* failed_at) {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    out->clear();
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    char buffer[4096];
    while (src_left > 0) {
      char* dst = buffer;
      size_t dst_left = sizeof buffer;
      const size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
      out->append(buffer, dst - buffer);
      if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
        *failed_at = in.size() - src_left;
        return false;
      }
    }
    return true;
  }

 private:
  iconv_t cd_;
};

int lineAt(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// The code point starting at text[i] (valid UTF-8) and its length.
char32_t decodeAt(std::string_view text, size_t i, size_t* length) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    *length = 1;
    return lead;
  }
  if (lead < 0xE0) {
    *length = 2;
    return ((lead & 0x1F) << 6) | (byte(1) & 0x3F);
  }
  if (lead < 0xF0) {
    *length = 3;
    return ((lead & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  }
  *length = 4;
  return ((lead & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
         (byte(3) & 0x3F);
}

// UTF-8 to `encoder`'s encoding, character by character, each one read back through `decoder`
// so a one-way mapping is caught where it happens.
std::optional<Unencodable> encodeRoundTrip(Converter& encoder, Converter& decoder,
                                           std::string_view utf8, std::string* out) {
  out->clear();
  if (const auto bad = findInvalidUtf8(utf8)) {
    Unencodable invalid;
    invalid.offset = bad->offset;
    invalid.invalid_utf8 = true;
    return invalid;
  }
  std::string one, back;
  size_t failed_at = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t length = 1;
    const char32_t code_point = decodeAt(utf8, i, &length);
    if (code_point < 0x80 && code_point != 0x5C) {
      out->push_back(static_cast<char>(code_point));  // ASCII is ASCII in CP932 and EUC-JP
      i += length;
      continue;
    }
    const std::string_view character = utf8.substr(i, length);
    if (!encoder.convert(character, &one, &failed_at)) return Unencodable{i, code_point, {}};
    if (!decoder.convert(one, &back, &failed_at) || back != character) {
      size_t back_length = 1;
      Unencodable lost{i, code_point, {}};
      if (!back.empty()) lost.becomes = decodeAt(back, 0, &back_length);
      return lost;
    }
    out->append(one);
    i += length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<TextPosition> findInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto at = [&](size_t k) -> unsigned {
      return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0x100;
    };
    const unsigned lead = at(0);
    size_t length = 0;
    unsigned low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    }
    bool ok = length > 0;
    for (size_t k = 1; ok && k < length; ++k) {
      const unsigned b = at(k);
      ok = k == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
    }
    if (!ok) return TextPosition{i, lineAt(text, i)};
    i += length;
  }
  return std::nullopt;
}

Cp932Decoded decodeCp932(std::string_view bytes) {
  Cp932Decoded out;
  thread_local Converter decoder("UTF-8", "CP932");
  size_t failed_at = 0;
  if (!decoder.convert(bytes, &out.utf8, &failed_at)) {
    out.utf8.clear();
    out.error = TextPosition{failed_at, lineAt(bytes, failed_at)};
  }
  return out;
}

Cp932Decoded decodeEucJp(std::string_view bytes) {
  Cp932Decoded out;
  thread_local Converter decoder("UTF-8", "EUC-JP");
  size_t failed_at = 0;
  if (!decoder.convert(bytes, &out.utf8, &failed_at)) {
    out.utf8.clear();
    out.error = TextPosition{failed_at, lineAt(bytes, failed_at)};
  }
  return out;
}

std::optional<Unencodable> encodeCp932(std::string_view utf8, std::string* out) {
  thread_local Converter encoder("CP932", "UTF-8");
  thread_local Converter decoder("UTF-8", "CP932");
  return encodeRoundTrip(encoder, decoder, utf8, out);
}

std::optional<Unencodable> encodeEucJp(std::string_view utf8, std::string* out) {
  thread_local Converter encoder("EUC-JP", "UTF-8");
  thread_local Converter decoder("UTF-8", "EUC-JP");
  return encodeRoundTrip(encoder, decoder, utf8, out);
}

std::string codePointLabel(char32_t code_point) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(code_point));
  return text;
}

std::string utf8Of(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  return out;
}

}  // namespace renkei

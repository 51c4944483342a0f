#include "broker/xml/xerces_runtime.h"

#include "broker/core/utf8_append.h"

#include <mutex>

#include <xercesc/util/PlatformUtils.hpp>

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

// The conversions below are written out by hand: Xerces' TranscodeToStr/TranscodeFromStr look a
// transcoder up by name and build a new ICU converter on every call, which cost ~20% of the
// broker's CPU when every element name and header field went through them.

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Next code point of UTF-16 text; unpaired surrogates become U+FFFD.
char32_t nextUtf16(const XMLCh*& p) {
  const char32_t unit = *p++;
  if (unit < 0xD800 || unit > 0xDFFF) return unit;
  if (unit <= 0xDBFF && *p >= 0xDC00 && *p <= 0xDFFF) {
    const char32_t low = *p++;
    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }
  return kReplacement;
}

// Next code point of UTF-8 text, or nullopt-like 0xFFFFFFFF when the bytes are not UTF-8
// (overlong forms, surrogates and values beyond U+10FFFF included).
constexpr char32_t kInvalid = 0xFFFFFFFF;

char32_t nextUtf8(std::string_view text, std::size_t& i) {
  const unsigned char lead = static_cast<unsigned char>(text[i++]);
  if (lead < 0x80) return lead;
  int extra;
  char32_t cp;
  char32_t min;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07, min = 0x10000;
  } else {
    return kInvalid;
  }
  for (int k = 0; k < extra; ++k) {
    if (i >= text.size()) return kInvalid;
    const unsigned char next = static_cast<unsigned char>(text[i++]);
    if ((next & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kInvalid;
  return cp;
}

}  // namespace

void ensureXercesInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string toUtf8(const XMLCh* text) {
  std::string out;
  if (text == nullptr) return out;
  const XMLCh* p = text;
  // Names and header fields are ASCII: copied a unit at a time, one allocation for the run.
  while (*p != 0 && *p < 0x80) ++p;
  out.reserve(static_cast<std::size_t>(p - text));
  out.assign(text, p);
  while (*p != 0) appendUtf8(out, nextUtf16(p));
  return out;
}

std::u16string fromUtf8(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = nextUtf8(text, i);
    if (cp == kInvalid) return {};
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

bool equalsUtf8(const XMLCh* text, std::string_view utf8) {
  const XMLCh* p = text == nullptr ? u"" : text;
  std::size_t i = 0;
  while (*p != 0 && i < utf8.size()) {
    // Element names and namespaces are ASCII: compared a unit at a time without decoding.
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      if (*p != byte) return false;
      ++p;
      ++i;
      continue;
    }
    const char32_t expected = nextUtf8(utf8, i);
    if (expected == kInvalid || nextUtf16(p) != expected) return false;
  }
  return *p == 0 && i == utf8.size();
}

}  // namespace renkei::xml

#include "broker/xml/xerces_runtime.h"

#include <mutex>

#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

void ensureXercesInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string toUtf8(const XMLCh* text) {
  if (text == nullptr || *text == 0) return {};
  ensureXercesInitialized();
  try {
    xc::TranscodeToStr out(text, xc::XMLString::stringLen(text), "UTF-8");
    return std::string(reinterpret_cast<const char*>(out.str()), out.length());
  } catch (...) {
    // Unpaired surrogates make the transcoder throw; degrade to an ASCII rendering.
    std::string ascii;
    for (const XMLCh* p = text; *p != 0; ++p)
      ascii.push_back(*p < 0x80 ? static_cast<char>(*p) : '?');
    return ascii;
  }
}

std::u16string fromUtf8(std::string_view text) {
  if (text.empty()) return {};
  ensureXercesInitialized();
  try {
    xc::TranscodeFromStr in(reinterpret_cast<const XMLByte*>(text.data()), text.size(), "UTF-8");
    return std::u16string(in.str(), in.length());
  } catch (...) {
    return {};
  }
}

bool equalsUtf8(const XMLCh* text, std::string_view utf8) {
  std::u16string other = fromUtf8(utf8);
  return xc::XMLString::equals(text == nullptr ? u"" : text, other.c_str());
}

}  // namespace renkei::xml

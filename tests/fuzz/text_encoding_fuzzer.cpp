// Fuzz target for the import encodings (`renkei links import --encoding`): the UTF-8 check and
// the CP932 decoder and encoder. Replayed over corpus/text_encoding as an ordinary test; a
// libFuzzer binary with clang (-DRENKEI_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "broker/registry/text_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto invalid = renkei::findInvalidUtf8(bytes);
  if (invalid && invalid->offset >= size) __builtin_trap();
  std::string cp932;
  const auto lost = renkei::encodeCp932(bytes, &cp932);
  // UTF-8 that encodes must read back exactly: nothing is ever replaced.
  if (!lost) {
    const renkei::Cp932Decoded back = renkei::decodeCp932(cp932);
    if (back.error || back.utf8 != bytes) __builtin_trap();
  } else if (lost->invalid_utf8 != invalid.has_value()) {
    __builtin_trap();
  }
  const renkei::Cp932Decoded decoded = renkei::decodeCp932(bytes);
  if (decoded.error && decoded.error->offset >= size) __builtin_trap();
  if (!decoded.error && renkei::findInvalidUtf8(decoded.utf8)) __builtin_trap();
  return 0;
}

// Fuzz target for the request reader of `renkei conform --as-receiver` (bytes from a vendor's
// client). Replayed over corpus/conform_http_request as an ordinary test; a libFuzzer binary with
// clang
// (-DRENKEI_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "broker/conform/http_request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  renkei::conform::RequestLimits limits;
  limits.max_header_bytes = 4096;
  limits.max_body_bytes = 65536;
  // Every prefix too: the listener parses again after each read.
  for (size_t n : {size / 3, size / 2, size}) {
    const auto parsed = renkei::conform::parseHttpRequest(bytes.substr(0, n), limits);
    if (parsed.state == renkei::conform::RequestParse::kComplete) {
      if (parsed.consumed > n || parsed.consumed == 0) __builtin_trap();
      if (parsed.request.body.size() > limits.max_body_bytes) __builtin_trap();
    }
    if (parsed.state == renkei::conform::RequestParse::kBad && parsed.error.empty())
      __builtin_trap();
  }
  return 0;
}

// Fuzz target for the listener's HTTP/1.1 request parser: the input arrives in pieces (the first
// byte picks the piece size, as the event loop would read it) and may hold several pipelined
// requests. Checks the parser's own promises: it never consumes more than it was given, a body
// never exceeds the limit, and a complete request leaves the rest for the next one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "broker/server/http_request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  renkei::http::ParserLimits limits;
  limits.max_header_bytes = 512;
  limits.max_body_bytes = 1024;
  renkei::http::RequestParser parser(limits);
  std::string received;
  std::size_t fed = 0;
  while (fed < input.size()) {
    const std::size_t n = std::min(piece, input.size() - fed);
    received.append(input.substr(fed, n));
    fed += n;
    while (true) {
      const auto status = parser.parse(received);
      if (status == renkei::http::RequestParser::Status::kError) return 0;
      if (status == renkei::http::RequestParser::Status::kNeedMore) break;
      if (parser.consumed() == 0 || parser.consumed() > received.size()) std::abort();
      if (parser.request().body.size() > limits.max_body_bytes) std::abort();
      received.erase(0, parser.consumed());
      parser.reset();
    }
  }
  return 0;
}

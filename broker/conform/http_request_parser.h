#pragma once
// Reads one HTTP/1.1 request (head, then a Content-Length or chunked body) from the bytes a
// client has sent so far. Untrusted input: never asserts, bounded by the limits given, and
// fuzzed (tests/fuzz/http_request_fuzzer.cpp).
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace renkei::conform {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct RequestParse {
  enum State { kIncomplete, kComplete, kBad } state = kIncomplete;
  ReceivedRequest request;  // when kComplete
  size_t consumed = 0;      // bytes of the buffer this request took (kComplete)
  std::string error;        // when kBad: what was wrong, for the 400 reply
};

struct RequestLimits {
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 16 * 1024 * 1024;
};

RequestParse parseHttpRequest(std::string_view buffer, const RequestLimits& limits);

}  // namespace renkei::conform

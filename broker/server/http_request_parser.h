#pragma once
// Incremental HTTP/1.1 request parser for the unit-facing listener. Bytes arrive in pieces as the
// event loop reads them; parse() looks at everything received so far for one connection and says
// whether a whole request is there. Strict where laxness lets a request be smuggled or misread
// (Content-Length together with Transfer-Encoding, conflicting lengths, folded headers, bare
// CR), and bounded everywhere (header bytes, header count, body size).
#include <cstddef>
#include <string>
#include <string_view>

namespace renkei::http {

struct ParserLimits {
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers together
  std::size_t max_headers = 100;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
};

struct Request {
  std::string method;  // "POST", "GET", ...
  std::string target;  // "/services/IdoJohoShokai?wsdl"
  int minor_version = 1;
  std::string content_type;
  std::string soap_action;  // SOAPAction header, quotes removed
  std::string host;
  std::string authorization;  // Authorization header (the REST bridge's bearer JWT)
  bool keep_alive = true;
  bool expect_continue = false;
  std::string body;
};

class RequestParser {
 public:
  enum class Status { kNeedMore, kComplete, kError };

  explicit RequestParser(ParserLimits limits) : limits_(limits) {}

  // `received` is every byte of this connection not yet consumed by earlier requests; it only
  // ever grows between calls until kComplete. On kComplete, request() is whole and consumed()
  // bytes belong to it (the rest is the next, pipelined request); call reset() before the next.
  Status parse(std::string_view received);
  void reset();

  bool headersComplete() const { return headers_done_; }
  // True once the headers announced a body longer than max_body_bytes (error_status() is 413).
  const Request& request() const { return request_; }
  Request& request() { return request_; }
  std::size_t consumed() const { return consumed_; }
  // The announced body length (0 when chunked) and how many body bytes of `received` are there.
  std::size_t contentLength() const { return content_length_; }
  std::size_t bodyBytesIn(std::string_view received) const {
    return received.size() > body_start_ ? received.size() - body_start_ : 0;
  }
  int errorStatus() const { return error_status_; }
  const std::string& errorReason() const { return error_reason_; }

 private:
  Status fail(int status, std::string reason);
  Status parseHeaders(std::string_view block);
  Status parseHeaderLine(std::string_view line, bool& saw_length, bool& chunked);
  Status parseChunked(std::string_view received);

  ParserLimits limits_;
  Request request_;
  bool headers_done_ = false;
  bool chunked_ = false;
  std::size_t header_scan_ = 0;     // where to resume looking for the end of the headers
  std::size_t body_start_ = 0;      // offset of the first body byte
  std::size_t content_length_ = 0;  // when not chunked
  std::size_t chunk_pos_ = 0;       // chunked: offset of the next chunk-size line
  std::size_t consumed_ = 0;
  int error_status_ = 0;
  std::string error_reason_;
};

}  // namespace renkei::http

#include "broker/conform/http_request_parser.h"

#include <algorithm>
#include <cctype>

namespace renkei::conform {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t");
  const size_t b = s.find_last_not_of(" \t\r");
  return a == std::string_view::npos ? "" : std::string(s.substr(a, b - a + 1));
}

// The request line and header fields; false when it is not an HTTP/1.x request head.
bool parseHead(std::string_view head, ReceivedRequest& req) {
  size_t pos = head.find("\r\n");
  const std::string_view line = head.substr(0, pos);
  const size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || line.substr(sp2 + 1, 7) != "HTTP/1.")
    return false;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const size_t next = head.find("\r\n", pos + 2);
    const std::string_view field = head.substr(
        pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    const size_t colon = field.find(':');
    if (colon != std::string_view::npos)
      req.headers[lower(field.substr(0, colon))] = trim(field.substr(colon + 1));
    pos = next;
  }
  return true;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Chunked transfer coding (RFC 9112 §7.1) from `at`.
RequestParse::State dechunk(std::string_view buf, size_t at, const RequestLimits& limits,
                            std::string& body, size_t& end) {
  body.clear();
  while (true) {
    const size_t eol = buf.find("\r\n", at);
    if (eol == std::string_view::npos) {
      return buf.size() - at > 32 ? RequestParse::kBad : RequestParse::kIncomplete;
    }
    size_t size = 0;
    size_t i = at;
    for (; i < eol && buf[i] != ';'; ++i) {
      const int digit = hexDigit(buf[i]);
      if (digit < 0 || size > limits.max_body_bytes) return RequestParse::kBad;
      size = size * 16 + static_cast<size_t>(digit);
    }
    if (i == at || body.size() + size > limits.max_body_bytes) return RequestParse::kBad;
    if (size == 0) {
      // No trailers: the last chunk is followed by an empty line.
      if (buf.size() < eol + 4) return RequestParse::kIncomplete;
      if (buf.substr(eol + 2, 2) != "\r\n") return RequestParse::kBad;
      end = eol + 4;
      return RequestParse::kComplete;
    }
    if (buf.size() < eol + 2 + size + 2) return RequestParse::kIncomplete;
    if (buf.substr(eol + 2 + size, 2) != "\r\n") return RequestParse::kBad;
    body.append(buf.substr(eol + 2, size));
    at = eol + 2 + size + 2;
  }
}

}  // namespace

RequestParse parseHttpRequest(std::string_view buf, const RequestLimits& limits) {
  RequestParse out;
  const size_t head_end = buf.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (buf.size() > limits.max_header_bytes) {
      out.state = RequestParse::kBad;
      out.error = "request head larger than " + std::to_string(limits.max_header_bytes) + " bytes";
    }
    return out;
  }
  if (head_end > limits.max_header_bytes || !parseHead(buf.substr(0, head_end + 2), out.request)) {
    out.state = RequestParse::kBad;
    out.error = "not an HTTP/1.1 request";
    return out;
  }
  const size_t start = head_end + 4;
  if (lower(out.request.header("transfer-encoding")).find("chunked") != std::string::npos) {
    out.state = dechunk(buf, start, limits, out.request.body, out.consumed);
    if (out.state == RequestParse::kBad) out.error = "malformed chunked body";
    return out;
  }
  const std::string length_text = out.request.header("content-length");
  size_t length = 0;
  for (char c : length_text) {
    if (c < '0' || c > '9' || length > limits.max_body_bytes) {
      out.state = RequestParse::kBad;
      out.error = "Content-Length '" + length_text.substr(0, 32) + "' is not a size we accept";
      return out;
    }
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (length > limits.max_body_bytes) {
    out.state = RequestParse::kBad;
    out.error = "body larger than " + std::to_string(limits.max_body_bytes) + " bytes";
    return out;
  }
  if (buf.size() < start + length) return out;
  out.request.body = std::string(buf.substr(start, length));
  out.consumed = start + length;
  out.state = RequestParse::kComplete;
  return out;
}

}  // namespace renkei::conform

#include "broker/server/http_request_parser.h"

#include <strings.h>

#include <charconv>

namespace renkei::http {
namespace {

constexpr std::size_t kMaxChunkLine = 1024;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool containsToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (equalsIgnoreCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool isTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Splits off one line ending in LF (CRLF or bare LF); nullopt-like empty view with ok=false when
// no complete line is there.
bool nextLine(std::string_view& rest, std::string_view& line) {
  const std::size_t lf = rest.find('\n');
  if (lf == std::string_view::npos) return false;
  line = rest.substr(0, lf);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  rest.remove_prefix(lf + 1);
  return true;
}

}  // namespace

void RequestParser::reset() {
  request_ = Request{};
  headers_done_ = chunked_ = false;
  header_scan_ = body_start_ = content_length_ = chunk_pos_ = consumed_ = 0;
  error_status_ = 0;
  error_reason_.clear();
}

RequestParser::Status RequestParser::fail(int status, std::string reason) {
  error_status_ = status;
  error_reason_ = std::move(reason);
  return Status::kError;
}

RequestParser::Status RequestParser::parse(std::string_view received) {
  if (error_status_ != 0) return Status::kError;
  if (!headers_done_) {
    // Tolerate blank lines before a request line (RFC 9112 §2.2), e.g. after a body's CRLF.
    std::size_t start = 0;
    while (start < received.size() && (received[start] == '\r' || received[start] == '\n')) {
      ++start;
    }
    const std::size_t from = header_scan_ > start + 3 ? header_scan_ - 3 : start;
    std::size_t end = std::string_view::npos;
    std::size_t end_len = 0;
    for (std::size_t i = from; i < received.size(); ++i) {
      if (received[i] != '\n') continue;
      if (i + 1 < received.size() && received[i + 1] == '\n') {
        end = i, end_len = 2;
        break;
      }
      if (i + 2 < received.size() && received[i + 1] == '\r' && received[i + 2] == '\n') {
        end = i, end_len = 3;
        break;
      }
    }
    if (end == std::string_view::npos) {
      header_scan_ = received.size();
      if (received.size() - start > limits_.max_header_bytes) {
        return fail(431, "the request headers exceed " + std::to_string(limits_.max_header_bytes) +
                             " bytes");
      }
      return Status::kNeedMore;
    }
    if (end - start > limits_.max_header_bytes) {
      return fail(
          431, "the request headers exceed " + std::to_string(limits_.max_header_bytes) + " bytes");
    }
    if (Status s = parseHeaders(received.substr(start, end + 1 - start)); s == Status::kError) {
      return s;
    }
    headers_done_ = true;
    body_start_ = end + end_len;
    chunk_pos_ = body_start_;
  }
  if (chunked_) return parseChunked(received);
  if (received.size() - body_start_ < content_length_) return Status::kNeedMore;
  request_.body.assign(received.substr(body_start_, content_length_));
  consumed_ = body_start_ + content_length_;
  return Status::kComplete;
}

RequestParser::Status RequestParser::parseHeaders(std::string_view block) {
  std::string_view rest = block;
  std::string_view line;
  nextLine(rest, line);
  // Request line: METHOD SP target SP HTTP/1.x
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return fail(400, "malformed request line");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (method.empty() || target.empty()) return fail(400, "malformed request line");
  for (char c : method) {
    if (!isTokenChar(c)) return fail(400, "malformed request method");
  }
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return fail(400, "malformed request target");
    }
  }
  if (version == "HTTP/1.1") {
    request_.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    request_.minor_version = 0;
  } else {
    return fail(505, "only HTTP/1.0 and HTTP/1.1 are served");
  }
  request_.method.assign(method);
  request_.target.assign(target);
  request_.keep_alive = request_.minor_version == 1;

  bool saw_length = false;
  std::size_t count = 0;
  while (nextLine(rest, line)) {
    if (line.empty()) break;
    if (++count > limits_.max_headers) {
      return fail(431, "more than " + std::to_string(limits_.max_headers) + " request headers");
    }
    if (Status s = parseHeaderLine(line, saw_length, chunked_); s == Status::kError) return s;
  }
  if (chunked_ && saw_length) {
    return fail(400, "both Content-Length and Transfer-Encoding: chunked");
  }
  if (content_length_ > limits_.max_body_bytes) {
    return fail(413, "the request body of " + std::to_string(content_length_) +
                         " bytes exceeds the limit of " + std::to_string(limits_.max_body_bytes) +
                         " bytes");
  }
  return Status::kNeedMore;
}

RequestParser::Status RequestParser::parseHeaderLine(std::string_view line, bool& saw_length,
                                                     bool& chunked) {
  if (line.front() == ' ' || line.front() == '\t') {
    return fail(400, "folded header lines are not accepted");
  }
  if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
    return fail(400, "a header contains CR or NUL");
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return fail(400, "malformed header line");
  const std::string_view name = line.substr(0, colon);
  for (char c : name) {
    if (!isTokenChar(c)) return fail(400, "malformed header name");
  }
  const std::string_view value = trim(line.substr(colon + 1));
  if (equalsIgnoreCase(name, "Content-Length")) {
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
      return fail(400, "malformed Content-Length");
    }
    if (saw_length && length != content_length_) return fail(400, "conflicting Content-Length");
    saw_length = true;
    content_length_ = length;
  } else if (equalsIgnoreCase(name, "Transfer-Encoding")) {
    if (!equalsIgnoreCase(value, "chunked")) {
      return fail(501, "only Transfer-Encoding: chunked is supported");
    }
    chunked = true;
  } else if (equalsIgnoreCase(name, "Content-Type")) {
    request_.content_type.assign(value);
  } else if (equalsIgnoreCase(name, "SOAPAction")) {
    std::string_view action = value;
    if (action.size() >= 2 && action.front() == '"' && action.back() == '"') {
      action = action.substr(1, action.size() - 2);
    }
    request_.soap_action.assign(action);
  } else if (equalsIgnoreCase(name, "Host")) {
    request_.host.assign(value);
  } else if (equalsIgnoreCase(name, "Authorization")) {
    request_.authorization.assign(value);
  } else if (equalsIgnoreCase(name, "Connection")) {
    if (containsToken(value, "close")) request_.keep_alive = false;
    if (containsToken(value, "keep-alive")) request_.keep_alive = true;
  } else if (equalsIgnoreCase(name, "Expect")) {
    if (!equalsIgnoreCase(value, "100-continue")) return fail(417, "unsupported Expect");
    request_.expect_continue = true;
  }
  return Status::kNeedMore;
}

RequestParser::Status RequestParser::parseChunked(std::string_view received) {
  while (true) {
    std::string_view rest = received.substr(chunk_pos_);
    std::string_view line;
    if (!nextLine(rest, line)) {
      if (rest.size() > kMaxChunkLine) return fail(400, "malformed chunk size line");
      return Status::kNeedMore;
    }
    const std::string_view size_text = trim(line.substr(0, line.find(';')));
    std::size_t size = 0;
    const auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end != size_text.data() + size_text.size() || size_text.empty()) {
      return fail(400, "malformed chunk size");
    }
    const std::size_t data_start = received.size() - rest.size();
    if (size == 0) {
      // Trailer section: header lines up to an empty line; their content is ignored.
      while (true) {
        std::string_view trailer;
        if (!nextLine(rest, trailer)) {
          if (rest.size() > limits_.max_header_bytes) return fail(431, "trailers too large");
          return Status::kNeedMore;
        }
        if (trailer.empty()) break;
      }
      consumed_ = received.size() - rest.size();
      return Status::kComplete;
    }
    if (size > limits_.max_body_bytes - request_.body.size()) {
      return fail(413, "the chunked request body exceeds the limit of " +
                           std::to_string(limits_.max_body_bytes) + " bytes");
    }
    if (rest.size() < size) return Status::kNeedMore;
    std::string_view after = rest.substr(size);
    std::string_view crlf;
    if (!nextLine(after, crlf)) {
      if (after.size() > 2) return fail(400, "chunk data longer than its size");
      return Status::kNeedMore;
    }
    if (!crlf.empty()) return fail(400, "chunk data longer than its size");
    request_.body.append(received.substr(data_start, size));
    chunk_pos_ = received.size() - after.size();
  }
}

}  // namespace renkei::http

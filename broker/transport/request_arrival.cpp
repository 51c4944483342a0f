#include "broker/transport/request_arrival.h"

#include <strings.h>

#include <algorithm>
#include <charconv>

namespace renkei {
namespace {

bool startsWithNoCase(std::string_view line, std::string_view prefix) {
  return line.size() >= prefix.size() &&
         strncasecmp(line.data(), prefix.data(), prefix.size()) == 0;
}

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  return value;
}

}  // namespace

std::size_t wholeRequestBytes(std::string_view waiting, std::size_t cap) {
  const std::size_t blank = waiting.find("\r\n\r\n");
  if (blank == std::string_view::npos) return waiting.size() >= cap ? cap : 0;
  const std::size_t head_bytes = blank + 4;
  std::size_t body_bytes = 0;
  bool expects_continue = false;
  std::string_view head = waiting.substr(0, blank + 2);
  while (!head.empty()) {
    const std::size_t end = head.find("\r\n");
    const std::string_view line = head.substr(0, end);
    head.remove_prefix(end == std::string_view::npos ? head.size() : end + 2);
    if (startsWithNoCase(line, "Content-Length:")) {
      const std::string_view value = trimmed(line.substr(15));
      std::size_t length = 0;
      const auto [rest, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      // Malformed: gSOAP's answer to it needs no body.
      if (error == std::errc() && rest == value.data() + value.size()) body_bytes = length;
    } else if (startsWithNoCase(line, "Expect:")) {
      expects_continue = true;
    }
  }
  // A client that asked for "100 Continue" sends its body only after it (curl, for bodies over
  // 1 KiB, after a second without one): gSOAP answers it, so the head is all there will be.
  if (expects_continue) return head_bytes;
  return std::min(cap, head_bytes + std::min(body_bytes, cap));
}

}  // namespace renkei

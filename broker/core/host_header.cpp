#include "broker/core/host_header.h"

#include <algorithm>

namespace renkei {
namespace {

// DNS names are at most 253 characters; a port and brackets fit within 255.
constexpr std::size_t kMaxAuthority = 255;

bool isAuthorityChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == ':' || c == '[' || c == ']';
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

bool isPlainAuthority(std::string_view host_header) {
  return !host_header.empty() && host_header.size() <= kMaxAuthority &&
         std::all_of(host_header.begin(), host_header.end(), isAuthorityChar);
}

std::string hostNameOf(std::string_view host_header) {
  std::string_view host = host_header;
  if (!host.empty() && host.front() == '[') {
    host.remove_prefix(1);
    return lower(host.substr(0, host.find(']')));
  }
  // One colon: name:port. Several: a bare IPv6 address, which has no port without brackets.
  const auto colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "localhost." is localhost
  return lower(host);
}

std::string publishedAuthority(std::string_view host_header, std::string_view fallback) {
  return std::string(isPlainAuthority(host_header) ? host_header : fallback);
}

}  // namespace renkei

#include "broker/transport/plain_http_url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace renkei {
namespace {

bool isHostNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
}

bool isIpv6LiteralChar(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

bool isPort(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int value = std::stoi(port);
  return value > 0 && value <= 65535;
}

// Path and query are sent as written; a character that cannot be in a request line is not.
bool isTargetChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f;
}

}  // namespace

std::optional<PlainHttpUrl> parsePlainHttpUrl(const std::string& url) {
  constexpr char kScheme[] = "http://";
  constexpr std::size_t kSchemeSize = sizeof kScheme - 1;
  if (url.size() <= kSchemeSize || url.compare(0, kSchemeSize, kScheme) != 0) return std::nullopt;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", kSchemeSize), url.size());
  PlainHttpUrl parts;
  parts.authority = url.substr(kSchemeSize, authority_end - kSchemeSize);
  const std::string& authority = parts.authority;
  if (authority.empty()) return std::nullopt;
  std::size_t port_colon;
  if (authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos || close == 1) return std::nullopt;
    parts.host = authority.substr(1, close - 1);
    if (!std::all_of(parts.host.begin(), parts.host.end(), isIpv6LiteralChar)) return std::nullopt;
    if (close + 1 < authority.size() && authority[close + 1] != ':') return std::nullopt;
    port_colon = close + 1 < authority.size() ? close + 1 : std::string::npos;
  } else {
    port_colon = authority.find(':');
    parts.host = authority.substr(0, port_colon);
    if (parts.host.empty() || !std::all_of(parts.host.begin(), parts.host.end(), isHostNameChar)) {
      return std::nullopt;
    }
  }
  parts.port = port_colon == std::string::npos ? "80" : authority.substr(port_colon + 1);
  if (!isPort(parts.port)) return std::nullopt;

  const std::size_t fragment = std::min(url.find('#', authority_end), url.size());
  parts.target = url.substr(authority_end, fragment - authority_end);
  if (parts.target.empty() || parts.target[0] == '?') parts.target = "/" + parts.target;
  if (!std::all_of(parts.target.begin(), parts.target.end(), isTargetChar)) return std::nullopt;
  parts.origin = "http://" + authority;
  unsigned char address[sizeof(in6_addr)];
  parts.numeric_host = ::inet_pton(AF_INET, parts.host.c_str(), address) == 1 ||
                       ::inet_pton(AF_INET6, parts.host.c_str(), address) == 1;
  return parts;
}

}  // namespace renkei

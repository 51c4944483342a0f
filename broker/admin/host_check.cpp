#include "broker/admin/host_check.h"

#include <cctype>

namespace renkei::admin {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string hostNameOf(const std::string& host_header) {
  std::string host = host_header;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return lower(close == std::string::npos ? host.substr(1) : host.substr(1, close - 1));
  }
  // One colon: name:port. Several: a bare IPv6 address, which has no port without brackets.
  const auto colon = host.find(':');
  if (colon != std::string::npos && host.find(':', colon + 1) == std::string::npos) {
    host.resize(colon);
  }
  if (!host.empty() && host.back() == '.') host.pop_back();  // "localhost." is localhost
  return lower(host);
}

bool isAllowedHost(const std::string& host_header, const std::vector<std::string>& allowed) {
  const std::string name = hostNameOf(host_header);
  if (name.empty()) return false;
  for (const std::string& entry : allowed) {
    if (hostNameOf(entry) == name) return true;
  }
  return false;
}

}  // namespace renkei::admin

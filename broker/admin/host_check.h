#pragma once
// The admin listener answers only requests whose Host header names it as the operator
// configured (<admin allowedHosts>). A browser visiting a hostile page whose DNS name was
// rebound to the admin address sends that page's name as Host, so such requests are refused
// instead of letting the page read or change the registry through the visitor.
#include <string>
#include <vector>

namespace renkei::admin {

// Compares host names only (core's hostNameOf): no port, no case, no trailing dot. Empty header:
// not allowed (HTTP/1.1 requires Host, and every real client sends one).
bool isAllowedHost(const std::string& host_header, const std::vector<std::string>& allowed);

}  // namespace renkei::admin

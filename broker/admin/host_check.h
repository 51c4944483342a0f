#pragma once
// The admin listener answers only requests whose Host header names it as the operator
// configured (<admin allowedHosts>). A browser visiting a hostile page whose DNS name was
// rebound to the admin address sends that page's name as Host, so such requests are refused
// instead of letting the page read or change the registry through the visitor.
#include <string>
#include <vector>

namespace renkei::admin {

// The host part of a Host header value: "localhost:8081" -> "localhost", "[::1]:8081" -> "::1",
// lower-cased.
std::string hostNameOf(const std::string& host_header);

// Empty header: not allowed (HTTP/1.1 requires Host, and every real client sends one).
bool isAllowedHost(const std::string& host_header, const std::vector<std::string>& allowed);

}  // namespace renkei::admin

#pragma once
// The Host header of a request, judged the same way by every listener. The admin listener
// compares its host name with <admin allowedHosts> (a defence against DNS rebinding), and both
// listeners copy it into the soap:address of a WSDL they publish, where anything but a plain
// authority would let the requester inject markup into the document.
#include <string>
#include <string_view>

namespace renkei {

// A plain host[:port]: letters, digits, '.', '-', ':' and the brackets of an IPv6 literal, at
// most 255 characters. Such a value can be copied into a URL or an XML attribute as it is.
bool isPlainAuthority(std::string_view host_header);

// The host part of a Host header value, lower-cased: "LocalHost:8081" -> "localhost",
// "[::1]:8081" -> "::1", "admin.example.lg.jp." -> "admin.example.lg.jp".
std::string hostNameOf(std::string_view host_header);

// The authority a published WSDL addresses: the Host header when it is plain, otherwise
// `fallback` (also for a request without Host, which HTTP/1.0 allows).
std::string publishedAuthority(std::string_view host_header,
                               std::string_view fallback = "localhost");

}  // namespace renkei

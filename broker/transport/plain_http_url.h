#pragma once
// The parts of an http:// unit endpoint that PlainHttpForwarder needs. Anything unusual (user
// information, a scheme other than http, characters a host name cannot have) is not taken
// apart here: the forwarder hands such URLs to libcurl, which knows every corner of the syntax.
#include <optional>
#include <string>

namespace renkei {

struct PlainHttpUrl {
  std::string host;       // "10.0.0.5", "juki.example.lg.jp", "::1" (without brackets)
  std::string port;       // "80" when the URL names none
  std::string authority;  // as written: the Host header's value ("[::1]:8080")
  std::string target;     // path and query, "/" when empty; no fragment
  std::string origin;     // "http://" + authority: what a kept-alive connection serves
  // An IPv4 or IPv6 address rather than a name. Only these are connected to without libcurl:
  // getaddrinfo(3) cannot be given a deadline, libcurl's resolver can.
  bool numeric_host = false;
};

std::optional<PlainHttpUrl> parsePlainHttpUrl(const std::string& url);

}  // namespace renkei

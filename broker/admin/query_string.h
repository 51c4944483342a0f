#pragma once
// The request target of a GET, split into path and decoded query parameters. The target comes
// from the network: malformed escapes are kept as they are, never trusted or asserted on.
#include <map>
#include <string>
#include <string_view>

namespace renkei::admin {

struct RequestTarget {
  std::string path;                           // decoded, without the query
  std::map<std::string, std::string> params;  // last value wins; '+' is a space
};

RequestTarget parseRequestTarget(std::string_view target);
std::string percentDecode(std::string_view text, bool plus_is_space);

}  // namespace renkei::admin

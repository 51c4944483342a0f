#pragma once
// Whether a listener's configured host keeps it on this machine. The admin listener has no
// authentication yet, so anything else earns the operator a warning (serve, config check).
#include <string_view>

namespace renkei {

// "localhost", any 127.0.0.0/8 address, "::1" (with or without brackets).
bool isLoopbackHost(std::string_view host);

}  // namespace renkei

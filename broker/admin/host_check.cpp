#include "broker/admin/host_check.h"

#include "broker/core/host_header.h"

namespace renkei::admin {

bool isAllowedHost(const std::string& host_header, const std::vector<std::string>& allowed) {
  const std::string name = hostNameOf(host_header);
  if (name.empty()) return false;
  for (const std::string& entry : allowed) {
    if (hostNameOf(entry) == name) return true;
  }
  return false;
}

}  // namespace renkei::admin

#pragma once
// How registry values look in report cells, shared by every report so a link reads the same in
// all of them.
#include <cstdint>
#include <string>

#include "broker/core/registry_types.h"

namespace renkei::reports {

inline std::string cell(int64_t number) { return std::to_string(number); }
inline std::string serviceCell(const Link& link) {
  return link.service_name + ":" + link.service_version;
}

}  // namespace renkei::reports

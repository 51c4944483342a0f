#pragma once
// How a link seeded from the configuration file enters the registry's evidence, the same for
// every store: its creation row (actor "config") and that row's audit record, like a link
// proposed through the CLI, so `audit verify` vouches for seeded links as for any other.
// The configuration's approver, when it names one, is in the reason as well as in the row's
// content: whoever reads `links show` sees who approved it without decoding the content.
#include <string>

#include "broker/core/registry_types.h"

namespace renkei {

inline constexpr const char* kSeedActor = "config";

inline ChangeContext linkSeedChange(const Link& link) {
  std::string reason = "seeded from the configuration file";
  if (!link.approver.empty()) reason += "; approved there by " + link.approver;
  return ChangeContext{kSeedActor, reason, ""};
}

}  // namespace renkei

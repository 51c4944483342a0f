#pragma once
// The link lifecycle: proposed -> approved -> active <-> suspended, and retired from anywhere
// but retired. Retired is final: a link is never revived, a new one is proposed instead.
#include <optional>
#include <stdexcept>
#include <string>

#include "broker/core/registry_types.h"

namespace renkei {

// nullopt when `from -> to` is allowed; otherwise why not, in plain words.
std::optional<std::string> lifecycleRefusal(LinkStatus from, LinkStatus to);
// The history verb of a transition ("approved", "activated", "suspended", "retired", ...).
const char* lifecycleAction(LinkStatus from, LinkStatus to);
// nullopt when a link in `status` may be edited or reviewed; otherwise why not. A retired link
// is a closed record: what it said when it was retired stays what it says.
std::optional<std::string> editRefusal(LinkStatus status);

class LifecycleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace renkei

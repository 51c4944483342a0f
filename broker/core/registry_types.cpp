#include "broker/core/registry_types.h"

namespace renkei {

namespace {

struct StatusName {
  LinkStatus status;
  const char* name;
};

// The spelling is what the store persists and what configuration and reports show, so it must
// stay stable across releases.
constexpr StatusName kStatusNames[] = {
    {LinkStatus::kProposed, "proposed"}, {LinkStatus::kApproved, "approved"},
    {LinkStatus::kActive, "active"},     {LinkStatus::kSuspended, "suspended"},
    {LinkStatus::kRetired, "retired"},
};

}  // namespace

const char* linkStatusName(LinkStatus s) {
  for (const auto& entry : kStatusNames) {
    if (entry.status == s) return entry.name;
  }
  return "unknown";
}

bool parseLinkStatus(const std::string& text, LinkStatus* out) {
  for (const auto& entry : kStatusNames) {
    if (text == entry.name) {
      if (out != nullptr) *out = entry.status;
      return true;
    }
  }
  return false;
}

}  // namespace renkei

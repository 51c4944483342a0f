#include "broker/registry/link_lifecycle.h"

namespace renkei {

std::optional<std::string> lifecycleRefusal(LinkStatus from, LinkStatus to) {
  using S = LinkStatus;
  const bool allowed = (from == S::kProposed && (to == S::kApproved || to == S::kRetired)) ||
                       (from == S::kApproved && (to == S::kActive || to == S::kRetired)) ||
                       (from == S::kActive && (to == S::kSuspended || to == S::kRetired)) ||
                       (from == S::kSuspended && (to == S::kActive || to == S::kRetired));
  if (allowed) return std::nullopt;
  const std::string name = linkStatusName(from);
  const bool vowel =
      name[0] == 'a' || name[0] == 'e' || name[0] == 'i' || name[0] == 'o' || name[0] == 'u';
  std::string why = (vowel ? "an " : "a ") + name + " link cannot become " + linkStatusName(to);
  if (from == S::kRetired) return why + ": retired is final; propose a new link instead";
  if (from == to) return why + ": it already is";
  if (to == S::kActive && from == S::kProposed) return why + ": it must be approved first";
  if (to == S::kProposed) return why + ": links return to proposed only as new proposals";
  return why;
}

const char* lifecycleAction(LinkStatus from, LinkStatus to) {
  switch (to) {
    case LinkStatus::kApproved:
      return "approved";
    case LinkStatus::kActive:
      return from == LinkStatus::kSuspended ? "resumed" : "activated";
    case LinkStatus::kSuspended:
      return "suspended";
    case LinkStatus::kRetired:
      return "retired";
    case LinkStatus::kProposed:
      return "proposed";
  }
  return "changed";
}

std::optional<std::string> editRefusal(LinkStatus status) {
  if (status != LinkStatus::kRetired) return std::nullopt;
  return std::string(
      "a retired link cannot be edited or reviewed: retired is final; propose a new link instead");
}

}  // namespace renkei

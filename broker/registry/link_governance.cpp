#include "broker/registry/link_governance.h"

namespace renkei {
bool sameActor(const std::string& a, const std::string& b) {
  return comparableText(a) == comparableText(b);
}

std::optional<GovernanceRefusal> governanceRefusal(const Link& link, LinkStatus to,
                                                   const std::string& proposer,
                                                   const std::string& actor,
                                                   const GovernanceRules& rules) {
  const std::string name = "link " + std::to_string(link.id);
  if (to == LinkStatus::kApproved && !proposer.empty() && sameActor(proposer, actor)) {
    return GovernanceRefusal{GovernanceRule::kFourEyes,
                             name + " was proposed by " + proposer +
                                 ", who cannot also approve it (four-eyes): another person must"};
  }
  if ((to == LinkStatus::kApproved || to == LinkStatus::kActive) &&
      rules.legal_basis_placeholders.isPlaceholder(link.legal_basis)) {
    const std::string value = comparableText(link.legal_basis).empty()
                                  ? "is empty"
                                  : "\"" + link.legal_basis + "\" is a placeholder";
    return GovernanceRefusal{GovernanceRule::kLegalBasis,
                             name + " cannot become " + linkStatusName(to) + ": its legal basis " +
                                 value + "; record the law or ordinance first (links update " +
                                 std::to_string(link.id) + " --legal-basis ...)"};
  }
  return std::nullopt;
}

std::optional<std::string> seedingRefusal(const Link& link, const GovernanceRules& rules) {
  if (link.status == LinkStatus::kProposed || link.status == LinkStatus::kRetired) {
    return std::nullopt;
  }
  if (comparableText(link.approver).empty()) {
    return std::string(
        "the configuration names no approver for it (<links approver> or "
        "<link approver>)");
  }
  if (rules.legal_basis_placeholders.isPlaceholder(link.legal_basis)) {
    return "its legal basis \"" + link.legal_basis + "\" is a placeholder";
  }
  return std::nullopt;
}

}  // namespace renkei

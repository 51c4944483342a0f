#pragma once
// The registry's separation of duties, which hold whoever asks (CLI, admin SOAP service, web
// view, bulk commands, the configuration): the person who proposed a link never approves it
// (four-eyes), and no link is approved or goes active on a legal basis nobody has filled in.
// The store checks them inside the transaction that changes the status (store.h).
#include <optional>
#include <string>

#include "broker/core/registry_types.h"
#include "broker/registry/legal_basis.h"
#include "broker/registry/link_lifecycle.h"

namespace renkei {

struct GovernanceRules {
  LegalBasisPlaceholders legal_basis_placeholders;
};

enum class GovernanceRule {
  kFourEyes,    // the approver is the proposer
  kLegalBasis,  // approving or activating a link without a real legal basis
};

struct GovernanceRefusal {
  GovernanceRule rule;
  std::string message;  // names the link's proposer or its legal basis, and what to do
};

// True when two recorded actors are the same person: compared after trimming spaces (ASCII and
// U+3000) and folding ASCII case, so "tanaka " cannot approve what "Tanaka" proposed.
bool sameActor(const std::string& a, const std::string& b);

// Why `actor` may not move `link` (as stored) to `to`, or nullopt. `proposer` is the actor of
// the link's creation row. Four-eyes holds for approval only: once someone else has approved,
// the proposer may activate, as the approver vouched for the content. The legal basis must be
// real for approving and for every move to active (activate and resume), since it can be
// edited to a placeholder in between.
std::optional<GovernanceRefusal> governanceRefusal(const Link& link, LinkStatus to,
                                                   const std::string& proposer,
                                                   const std::string& actor,
                                                   const GovernanceRules& rules);

// Why a link the configuration declares approved, active or suspended (with link.approver the
// approver it names, if any) is seeded as proposed instead, or nullopt when it is seeded as
// declared. A configuration cannot vouch for what nobody approved, nor for a legal basis that is
// a placeholder. Proposed and retired links are seeded as declared.
std::optional<std::string> seedingRefusal(const Link& link, const GovernanceRules& rules);

// A LifecycleError, so every caller that reports lifecycle refusals reports these too; the
// admin service tells them apart for its fault code.
class GovernanceError : public LifecycleError {
 public:
  GovernanceError(GovernanceRule rule, const std::string& what)
      : LifecycleError(what), rule_(rule) {}
  GovernanceRule rule() const { return rule_; }

 private:
  GovernanceRule rule_;
};

}  // namespace renkei
